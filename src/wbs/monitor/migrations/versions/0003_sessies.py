"""server-side web sessions, login throttling, token expiry

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

from wbs.monitor.migrations.ddl import create_tables

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_tables(__file__)
    with op.batch_alter_table("api_token") as batch:
        batch.add_column(sa.Column("verloopt_op", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("api_token") as batch:
        batch.drop_column("verloopt_op")
    op.drop_table("inlogpoging")
    op.drop_table("sessie")
