"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-24

All tables, plus database triggers that make ``historie`` append-only.
"""

from wbs.monitor.migrations.ddl import (
    create_append_only_triggers,
    create_tables,
    drop_append_only_triggers,
    drop_tables,
)

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_tables(__file__)
    # Why: history is the audit trail of comply-or-explain; even a bug or a manual SQL
    # session must not be able to rewrite it.
    create_append_only_triggers(("historie",))


def downgrade() -> None:
    drop_append_only_triggers(("historie",))
    drop_tables(
        {
            "historie": ("voortgang_id",),
            "voortgang": ("stap_code", "organisatie_code"),
            "stap": ("maatregel_id",),
            "api_token": ("gebruiker_id",),
            "plantoets_resultaat": ("provincie",),
            "maatregel": ("code",),
            "gebruiker": (),
            "organisatie": (),
            "keuze": (),
        }
    )
