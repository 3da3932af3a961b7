"""plan review: documents under review, reviewers' decisions and finalisations (append-only)

Revision ID: 0003_plan_review
Revises: 0003 (0003_sessies.py)
Create Date: 2026-12-03

Written to follow ``0002_meta.py`` (revision id ``"0002"``); chained after ``0003_sessies.py`` (revision id
``"0003"``) when main gained that migration, so the package keeps one head.
"""

import sqlalchemy as sa
from alembic import op

from wbs.monitor.migrations.ddl import (
    create_append_only_triggers,
    create_indexes,
    drop_append_only_triggers,
    drop_tables,
    id_column,
)

revision = "0003_plan_review"
down_revision = "0003"
branch_labels = None
depends_on = None

_APPEND_ONLY = ("plan_beslissing", "plan_vaststelling")


def upgrade() -> None:
    op.create_table(
        "plan_document",
        id_column(),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("naam", sa.String(length=255), nullable=False),
        sa.Column("geregistreerd_op", sa.DateTime(), nullable=False),
        sa.Column("geregistreerd_door", sa.String(length=100), nullable=False),
        sa.Column("resultaat", sa.JSON(), nullable=False),
        sa.Column("passages", sa.JSON(), nullable=False),
        sa.Column("voorstellen", sa.JSON(), nullable=False),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sha256", "naam"),
    )
    create_indexes("plan_document", "sha256")
    op.create_table(
        "plan_beslissing",
        id_column(),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("slot", sa.String(length=40), nullable=False),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("start_line", sa.Integer(), nullable=False),
        sa.Column("end_line", sa.Integer(), nullable=False),
        sa.Column("actie", sa.String(length=16), nullable=False),
        sa.Column("keuze", sa.Integer(), nullable=True),
        sa.Column("sterkte", sa.String(length=16), nullable=True),
        sa.Column("notitie", sa.Text(), nullable=True),
        sa.Column("gebruiker", sa.String(length=100), nullable=False),
        sa.Column("tijdstip", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["plan_document.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uid"),
        sa.UniqueConstraint("document_id", "slot", "versie"),
    )
    create_indexes("plan_beslissing", "document_id")
    op.create_table(
        "plan_vaststelling",
        id_column(),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("volgnummer", sa.Integer(), nullable=False),
        sa.Column("actie", sa.String(length=16), nullable=False),
        sa.Column("notitie", sa.Text(), nullable=True),
        sa.Column("gebruiker", sa.String(length=100), nullable=False),
        sa.Column("tijdstip", sa.DateTime(), nullable=False),
        sa.Column("beslissingen", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["plan_document.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uid"),
        sa.UniqueConstraint("document_id", "volgnummer"),
    )
    create_indexes("plan_vaststelling", "document_id")
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
