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

import sqlalchemy as sa
from alembic import op

revision = "0004_uitkomsten"
down_revision = "0003_plan_review"
branch_labels = None
depends_on = None

HISTORIES = ("meting_historie", "afspraak_historie")


def upgrade() -> None:
    op.create_table(
        "stap_periode",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("stap_code", sa.String(length=64), nullable=False),
        sa.Column("volgorde", sa.Integer(), nullable=False),
        sa.Column("periode", sa.String(length=16), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("plan", sa.String(length=1), nullable=True),
        sa.Column("borging", sa.Text(), nullable=True),
        sa.Column("regel", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["stap_code"], ["stap.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("stap_code", "volgorde"),
    )
    op.create_index("ix_stap_periode_stap_code", "stap_periode", ["stap_code"])
    op.create_table(
        "meting",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("indicator", sa.String(length=64), nullable=False),
        sa.Column("regio", sa.String(length=64), nullable=False),
        sa.Column("jaar", sa.Integer(), nullable=False),
        sa.Column("waarde", sa.Float(), nullable=False),
        sa.Column("bron", sa.Text(), nullable=False),
        sa.Column("toelichting", sa.Text(), nullable=True),
        sa.Column("demo", sa.Boolean(), nullable=False),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("gewijzigd_op", sa.DateTime(), nullable=False),
        sa.Column("gewijzigd_door", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("indicator", "regio", "jaar"),
    )
    op.create_index("ix_meting_indicator", "meting", ["indicator"])
    op.create_index("ix_meting_regio", "meting", ["regio"])
    op.create_table(
        "meting_historie",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("meting_id", sa.Integer(), nullable=False),
        sa.Column("tijdstip", sa.DateTime(), nullable=False),
        sa.Column("gebruiker", sa.String(length=100), nullable=False),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("oud", sa.JSON(), nullable=False),
        sa.Column("nieuw", sa.JSON(), nullable=False),
        sa.Column("reden", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["meting_id"], ["meting.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uid"),
    )
    op.create_index("ix_meting_historie_meting_id", "meting_historie", ["meting_id"])
    op.create_table(
        "afspraak",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("eigenaar", sa.String(length=64), nullable=False),
        sa.Column("partijen", sa.JSON(), nullable=False),
        sa.Column("titel", sa.Text(), nullable=False),
        sa.Column("tekst", sa.Text(), nullable=False),
        sa.Column("keuzes", sa.JSON(), nullable=False),
        sa.Column("maatregelen", sa.JSON(), nullable=False),
        sa.Column("periode", sa.String(length=16), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("bewijs", sa.Text(), nullable=True),
        sa.Column("toelichting", sa.Text(), nullable=True),
        sa.Column("bron", sa.Text(), nullable=False),
        sa.Column("herkomst", sa.String(length=16), nullable=False),
        sa.Column("demo", sa.Boolean(), nullable=False),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("aangemaakt", sa.DateTime(), nullable=False),
        sa.Column("gewijzigd_op", sa.DateTime(), nullable=False),
        sa.Column("gewijzigd_door", sa.String(length=100), nullable=False),
        sa.Column("gereed_op", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["eigenaar"], ["organisatie.code"]),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_index("ix_afspraak_eigenaar", "afspraak", ["eigenaar"])
    op.create_table(
        "afspraak_historie",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("afspraak_code", sa.String(length=64), nullable=False),
        sa.Column("tijdstip", sa.DateTime(), nullable=False),
        sa.Column("gebruiker", sa.String(length=100), nullable=False),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("oud", sa.JSON(), nullable=False),
        sa.Column("nieuw", sa.JSON(), nullable=False),
        sa.Column("reden", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["afspraak_code"], ["afspraak.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uid"),
    )
    op.create_index("ix_afspraak_historie_afspraak_code", "afspraak_historie", ["afspraak_code"])
    _append_only_triggers()


def _append_only_triggers() -> None:
    # The histories are the audit trail of comply-or-explain, as ``historie`` is for steps.
    dialect = op.get_bind().dialect.name
    for table in HISTORIES:
        if dialect == "sqlite":
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_geen_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is alleen-toevoegen'); END"
                )
        elif dialect == "postgresql":
            op.execute(
                f"CREATE OR REPLACE FUNCTION {table}_alleen_toevoegen() RETURNS trigger AS $$ "
                f"BEGIN RAISE EXCEPTION '{table} is alleen-toevoegen'; END; $$ LANGUAGE plpgsql"
            )
            op.execute(
                f"CREATE TRIGGER {table}_alleen_toevoegen BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {table}_alleen_toevoegen()"
            )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in HISTORIES:
        if dialect == "sqlite":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_geen_update")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_geen_delete")
        elif dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_alleen_toevoegen ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {table}_alleen_toevoegen()")
    op.drop_table("afspraak_historie")
    op.drop_table("afspraak")
    op.drop_table("meting_historie")
    op.drop_table("meting")
    op.drop_table("stap_periode")
