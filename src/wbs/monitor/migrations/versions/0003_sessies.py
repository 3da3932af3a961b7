"""server-side web sessions, login throttling, token expiry

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

from wbs.monitor.migrations.ddl import create_indexes, id_column

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sessie",
        sa.Column("sleutel_hash", sa.String(length=64), nullable=False),
        sa.Column("gebruiker_id", sa.Integer(), sa.ForeignKey("gebruiker.id"), nullable=False),
        sa.Column("aangemaakt", sa.DateTime(), nullable=False),
        sa.Column("verloopt_op", sa.DateTime(), nullable=False),
        sa.Column("ingetrokken", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.PrimaryKeyConstraint("sleutel_hash"),
    )
    create_indexes("sessie", "gebruiker_id")
    op.create_table(
        "inlogpoging",
        id_column(),
        sa.Column("gebruikersnaam", sa.String(length=100), nullable=False),
        sa.Column("adres", sa.String(length=64), nullable=False),
        sa.Column("tijdstip", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    create_indexes("inlogpoging", "gebruikersnaam", "adres", "tijdstip")
    with op.batch_alter_table("api_token") as batch:
        batch.add_column(sa.Column("verloopt_op", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("api_token") as batch:
        batch.drop_column("verloopt_op")
    op.drop_table("inlogpoging")
    op.drop_table("sessie")
