"""plan review: documents under review, reviewers' decisions and finalisations (append-only)

Revision ID: 0003_plan_review
Revises: 0003 (0003_sessies.py)
Create Date: 2026-12-03

Written to follow ``0002_meta.py`` (revision id ``"0002"``); chained after ``0003_sessies.py`` (revision id
``"0003"``) when main gained that migration, so the package keeps one head.
"""

from wbs.monitor.migrations.ddl import (
    create_append_only_triggers,
    create_tables,
    drop_append_only_triggers,
    drop_tables,
)

revision = "0003_plan_review"
down_revision = "0003"
branch_labels = None
depends_on = None

_APPEND_ONLY = ("plan_beslissing", "plan_vaststelling")


def upgrade() -> None:
    create_tables(__file__)
    # Why: the decisions are the audit trail of a formal toets; like ``historie`` they can only be added to.
    create_append_only_triggers(_APPEND_ONLY)


def downgrade() -> None:
    drop_append_only_triggers(_APPEND_ONLY)
    drop_tables(
        {
            "plan_vaststelling": ("document_id",),
            "plan_beslissing": ("document_id",),
            "plan_document": ("sha256",),
        }
    )
