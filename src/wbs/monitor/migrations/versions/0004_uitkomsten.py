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

from wbs.monitor.migrations.ddl import (
    create_append_only_triggers,
    create_history_table,
    create_indexes,
    drop_append_only_triggers,
    id_column,
)

revision = "0004_uitkomsten"
down_revision = "0003_plan_review"
branch_labels = None
depends_on = None

HISTORIES = ("meting_historie", "afspraak_historie")


def upgrade() -> None:
    op.create_table(
        "stap_periode",
        id_column(),
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
    create_indexes("stap_periode", "stap_code")
    op.create_table(
        "meting",
        id_column(),
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
    create_indexes("meting", "indicator", "regio")
    create_history_table("meting_historie", sa.Column("meting_id", sa.Integer(), nullable=False), "meting.id")
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
    create_indexes("afspraak", "eigenaar")
    create_history_table(
        "afspraak_historie", sa.Column("afspraak_code", sa.String(length=64), nullable=False), "afspraak.code"
    )
    # The histories are the audit trail of comply-or-explain, as ``historie`` is for steps.
    create_append_only_triggers(HISTORIES)


def downgrade() -> None:
    drop_append_only_triggers(HISTORIES)
    for table in ("afspraak_historie", "afspraak", "meting_historie", "meting", "stap_periode"):
        op.drop_table(table)
