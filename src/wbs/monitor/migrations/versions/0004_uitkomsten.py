"""uitkomsten: step milestones, outcome measurements and the agreements register (issue 19)

Revision ID: 0004_uitkomsten
Revises: 0003_plan_review
Create Date: 2026-12-04

Tables ``stap_periode`` (every dated milestone of a step, with plan A/B), ``meting`` and
``afspraak`` with their append-only histories ``meting_historie`` and ``afspraak_historie``
(database triggers refuse UPDATE/DELETE, as for ``historie``).

Note for the merge: the lead asked for ``down_revision = "0002_meta"``; the 0002 migration's
revision id is ``"0002"`` (file 0002_meta.py). Main now chains 0002 -> 0003 (0003_sessies.py) -> 0003_plan_review;
this revision follows the last one, so the branch has one head (the lead may re-chain when merging).
"""

from alembic import op

from wbs.monitor.migrations.ddl import (
    create_append_only_triggers,
    create_tables,
    drop_append_only_triggers,
)

revision = "0004_uitkomsten"
down_revision = "0003_plan_review"
branch_labels = None
depends_on = None

HISTORIES = ("meting_historie", "afspraak_historie")


def upgrade() -> None:
    create_tables(__file__)
    # The histories are the audit trail of comply-or-explain, as ``historie`` is for steps.
    create_append_only_triggers(HISTORIES)


def downgrade() -> None:
    drop_append_only_triggers(HISTORIES)
    for table in ("afspraak_historie", "afspraak", "meting_historie", "meting", "stap_periode"):
        op.drop_table(table)
