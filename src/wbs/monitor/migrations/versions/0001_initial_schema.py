"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-24

All tables, plus database triggers that make ``historie`` append-only.
"""

import sqlalchemy as sa
from alembic import op

from wbs.monitor.migrations.ddl import (
    create_append_only_triggers,
    create_history_table,
    create_indexes,
    drop_append_only_triggers,
    drop_tables,
    id_column,
)

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "keuze",
        sa.Column("nr", sa.Integer(), nullable=False),
        sa.Column("titel", sa.Text(), nullable=False),
        sa.Column("thema", sa.String(length=64), nullable=False),
        sa.Column("subthema", sa.String(length=200), nullable=True),
        sa.Column("gebied", sa.String(length=64), nullable=True),
        sa.Column("bron", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("nr"),
    )
    op.create_table(
        "organisatie",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("naam", sa.String(length=200), nullable=False),
        sa.Column("soort", sa.String(length=32), nullable=False),
        sa.Column("ouder", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "gebruiker",
        id_column(),
        sa.Column("gebruikersnaam", sa.String(length=100), nullable=False),
        sa.Column("naam", sa.String(length=200), nullable=False),
        sa.Column("rol", sa.String(length=16), nullable=False),
        sa.Column("organisatie_code", sa.String(length=64), nullable=True),
        sa.Column("wachtwoord_hash", sa.String(length=200), nullable=True),
        sa.Column("actief", sa.Boolean(), nullable=False),
        sa.Column("aangemaakt", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["organisatie_code"], ["organisatie.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("gebruikersnaam"),
    )
    op.create_table(
        "maatregel",
        id_column(),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("keuze_nr", sa.Integer(), nullable=False),
        sa.Column("titel", sa.Text(), nullable=True),
        sa.Column("tekst", sa.Text(), nullable=False),
        sa.Column("spoor", sa.String(length=16), nullable=False),
        sa.Column("domein", sa.String(length=200), nullable=True),
        sa.Column("telt_mee", sa.Boolean(), nullable=False),
        sa.Column("bron", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["keuze_nr"], ["keuze.nr"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code", "keuze_nr"),
    )
    create_indexes("maatregel", "code")
    op.create_table(
        "plantoets_resultaat",
        id_column(),
        sa.Column("provincie", sa.String(length=64), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("tijdstip", sa.DateTime(), nullable=False),
        sa.Column("dekking", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["provincie"], ["organisatie.code"]),
        sa.PrimaryKeyConstraint("id"),
    )
    create_indexes("plantoets_resultaat", "provincie")
    op.create_table(
        "api_token",
        id_column(),
        sa.Column("gebruiker_id", sa.Integer(), nullable=False),
        sa.Column("naam", sa.String(length=100), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("aangemaakt", sa.DateTime(), nullable=False),
        sa.Column("ingetrokken", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["gebruiker_id"], ["gebruiker.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    create_indexes("api_token", "gebruiker_id")
    op.create_table(
        "stap",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("maatregel_id", sa.Integer(), nullable=False),
        sa.Column("tekst", sa.Text(), nullable=False),
        sa.Column("borging", sa.Text(), nullable=True),
        sa.Column("doorwerking", sa.Text(), nullable=True),
        sa.Column("plan", sa.String(length=8), nullable=False),
        sa.Column("agendering", sa.Text(), nullable=True),
        sa.Column("periode", sa.String(length=16), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("actoren", sa.Text(), nullable=False),
        sa.Column("bron", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["maatregel_id"], ["maatregel.id"]),
        sa.PrimaryKeyConstraint("code"),
    )
    create_indexes("stap", "maatregel_id")
    op.create_table(
        "voortgang",
        id_column(),
        sa.Column("stap_code", sa.String(length=64), nullable=False),
        sa.Column("organisatie_code", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("percentage", sa.Integer(), nullable=True),
        sa.Column("mijlpaal", sa.Text(), nullable=True),
        sa.Column("toelichting", sa.Text(), nullable=True),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("gewijzigd_op", sa.DateTime(), nullable=True),
        sa.Column("gewijzigd_door", sa.String(length=100), nullable=True),
        sa.Column("gereed_op", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["organisatie_code"], ["organisatie.code"]),
        sa.ForeignKeyConstraint(["stap_code"], ["stap.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("stap_code", "organisatie_code"),
    )
    create_indexes("voortgang", "organisatie_code", "stap_code")
    create_history_table("historie", sa.Column("voortgang_id", sa.Integer(), nullable=False), "voortgang.id")
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
