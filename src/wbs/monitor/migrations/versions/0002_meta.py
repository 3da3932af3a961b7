"""monitor_meta: key/value facts about the database (which Kader it was seeded from)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "monitor_meta",
        sa.Column("sleutel", sa.String(length=64), nullable=False),
        sa.Column("waarde", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("sleutel"),
    )


def downgrade() -> None:
    op.drop_table("monitor_meta")
