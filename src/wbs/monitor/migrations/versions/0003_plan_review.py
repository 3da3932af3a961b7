"""plan review: documents under review, reviewers' decisions and finalisations (append-only)

Revision ID: 0003_plan_review
Revises: 0003 (0003_sessies.py)
Create Date: 2026-12-03

Written to follow ``0002_meta.py`` (revision id ``"0002"``); chained after ``0003_sessies.py`` (revision id
``"0003"``) when main gained that migration, so the package keeps one head.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_plan_review"
down_revision = "0003"
branch_labels = None
depends_on = None

_APPEND_ONLY = ("plan_beslissing", "plan_vaststelling")


def upgrade() -> None:
    op.create_table(
        "plan_document",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
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
    with op.batch_alter_table("plan_document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_document_sha256"), ["sha256"], unique=False)

    op.create_table(
        "plan_beslissing",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
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
    with op.batch_alter_table("plan_beslissing", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_beslissing_document_id"), ["document_id"], unique=False)

    op.create_table(
        "plan_vaststelling",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
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
    with op.batch_alter_table("plan_vaststelling", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_vaststelling_document_id"), ["document_id"], unique=False)

    _append_only_triggers()


def _append_only_triggers() -> None:
    # Why: the decisions are the audit trail of a formal toets; like ``historie`` they can only be added to.
    dialect = op.get_bind().dialect.name
    for tabel in _APPEND_ONLY:
        if dialect == "sqlite":
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {tabel}_geen_{action.lower()} BEFORE {action} ON {tabel} "
                    f"BEGIN SELECT RAISE(ABORT, '{tabel} is alleen-toevoegen'); END"
                )
        elif dialect == "postgresql":
            op.execute(
                f"CREATE OR REPLACE FUNCTION {tabel}_alleen_toevoegen() RETURNS trigger AS $$ "
                f"BEGIN RAISE EXCEPTION '{tabel} is alleen-toevoegen'; END; $$ LANGUAGE plpgsql"
            )
            op.execute(
                f"CREATE TRIGGER {tabel}_alleen_toevoegen BEFORE UPDATE OR DELETE ON {tabel} "
                f"FOR EACH ROW EXECUTE FUNCTION {tabel}_alleen_toevoegen()"
            )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for tabel in _APPEND_ONLY:
        if dialect == "sqlite":
            op.execute(f"DROP TRIGGER IF EXISTS {tabel}_geen_update")
            op.execute(f"DROP TRIGGER IF EXISTS {tabel}_geen_delete")
        elif dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {tabel}_alleen_toevoegen ON {tabel}")
            op.execute(f"DROP FUNCTION IF EXISTS {tabel}_alleen_toevoegen()")
    with op.batch_alter_table("plan_vaststelling", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_vaststelling_document_id"))
    op.drop_table("plan_vaststelling")
    with op.batch_alter_table("plan_beslissing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_beslissing_document_id"))
    op.drop_table("plan_beslissing")
    with op.batch_alter_table("plan_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_document_sha256"))
    op.drop_table("plan_document")
