"""monitor_meta: key/value facts about the database (which Kader it was seeded from)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from alembic import op

from wbs.monitor.migrations.ddl import create_tables

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_tables(__file__)


def downgrade() -> None:
    op.drop_table("monitor_meta")
