"""Building blocks that several revision files share.

Like the revisions themselves these are frozen: a change here changes what every migration that uses
them creates, so only add to this module, never alter what a helper emits. That holds for the table
descriptions :func:`create_tables` reads too: a new word may be added, an existing one never changes meaning.
"""

import re
from pathlib import Path

import sqlalchemy as sa
import yaml
from alembic import op

_TYPES = {t.__name__: t for t in (sa.Boolean, sa.Date, sa.DateTime, sa.Float, sa.Integer, sa.JSON, sa.String, sa.Text)}
_TYPE = re.compile(r"(?P<name>\w+)(?:\((?P<length>\d+)\))?")
_OPTIONS = {"nullable", "autoincrement", "server_default=false"}


def id_column() -> sa.Column:
    """The surrogate key ``id`` (add ``sa.PrimaryKeyConstraint("id")`` to the table)."""
    return sa.Column("id", sa.Integer(), autoincrement=True, nullable=False)


def create_history_table(table: str, parent_column: sa.Column, parent_key: str) -> None:
    """An append-only history of one parent row: who changed it when, from which values to which.

    ``parent_column`` is the column pointing at the parent row (``parent_key``, e.g. ``"voortgang.id"``); it is
    indexed as ``ix_<table>_<column>``. Add the triggers with :func:`create_append_only_triggers`.
    """
    op.create_table(
        table,
        id_column(),
        sa.Column("uid", sa.String(length=36), nullable=False),
        parent_column,
        sa.Column("tijdstip", sa.DateTime(), nullable=False),
        sa.Column("gebruiker", sa.String(length=100), nullable=False),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("oud", sa.JSON(), nullable=False),
        sa.Column("nieuw", sa.JSON(), nullable=False),
        sa.Column("reden", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint([parent_column.name], [parent_key]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uid"),
    )
    create_indexes(table, parent_column.name)


def create_append_only_triggers(tables: tuple[str, ...]) -> None:
    """Database triggers that refuse UPDATE and DELETE on these tables (audit trails can only be added to)."""
    dialect = op.get_bind().dialect.name
    for table in tables:
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


def drop_append_only_triggers(tables: tuple[str, ...]) -> None:
    """Undo :func:`create_append_only_triggers`."""
    dialect = op.get_bind().dialect.name
    for table in tables:
        if dialect == "sqlite":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_geen_update")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_geen_delete")
        elif dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_alleen_toevoegen ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {table}_alleen_toevoegen()")


def create_indexes(table: str, *columns: str) -> None:
    """A plain (non-unique) index ``ix_<table>_<column>`` on each of these columns."""
    for column in columns:
        op.create_index(f"ix_{table}_{column}", table, [column])


def drop_tables(tables: dict[str, tuple[str, ...]]) -> None:
    """Drop each table after the indexes on the named columns (see :func:`create_indexes`), in the given order."""
    for table, indexed in tables.items():
        for column in indexed:
            op.drop_index(f"ix_{table}_{column}", table_name=table)
        op.drop_table(table)


def create_tables(revision_file: str) -> None:
    """Create the tables that the YAML file next to a revision file (same name) describes, in order, with indexes.

    A table has ``columns`` (name: ``Type`` or ``Type(length)``, NOT NULL unless followed by ``nullable``; further
    words ``autoincrement`` and ``server_default=false``), optional ``foreign_keys`` (column: ``table.column``), a
    one-column ``primary_key``, optional ``unique`` (a list of column lists) and ``indexes`` (see
    :func:`create_indexes`). A table with ``history_of: parent.key`` is made by :func:`create_history_table`; its
    ``columns`` hold only the column pointing at the parent.
    """
    spec = Path(revision_file).with_suffix(".yaml")
    for table, parts in yaml.safe_load(spec.read_text(encoding="utf-8")).items():
        columns = [_column(name, description) for name, description in parts["columns"].items()]
        if "history_of" in parts:
            (parent_column,) = columns
            create_history_table(table, parent_column, parts["history_of"])
            continue
        op.create_table(
            table,
            *columns,
            *(sa.ForeignKeyConstraint([column], [key]) for column, key in parts.get("foreign_keys", {}).items()),
            sa.PrimaryKeyConstraint(parts["primary_key"]),
            *(sa.UniqueConstraint(*names) for names in parts.get("unique", ())),
        )
        create_indexes(table, *parts.get("indexes", ()))


def _column(name: str, description: str) -> sa.Column:
    """A column from its YAML description, e.g. ``"String(64) nullable"`` (see :func:`create_tables`)."""
    type_word, *options = description.split()
    match = _TYPE.fullmatch(type_word)
    if match is None or match["name"] not in _TYPES or not set(options) <= _OPTIONS:
        raise ValueError(f"column {name}: cannot read {description!r}")
    kwargs: dict = {"nullable": "nullable" in options}
    if "autoincrement" in options:
        kwargs["autoincrement"] = True
    if "server_default=false" in options:
        kwargs["server_default"] = sa.false()
    type_ = _TYPES[match["name"]]
    return sa.Column(name, type_(length=int(match["length"])) if match["length"] else type_(), **kwargs)
