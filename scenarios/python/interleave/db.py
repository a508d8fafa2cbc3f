"""A session close to SQLAlchemy's AsyncSession, over the db port: SQL text
(named :params become $1, $2 ...) goes to the model's SQL front-end, or to
PostgreSQL in lockstep. A session is a connection of the actor that first
uses it, closed when that actor's operation or activity returns."""

import re

from . import orm
from ._requests import Commit, Execute, Rollback
from .errors import MultipleResultsFound, NoResultFound

# A named parameter, not a `::type` cast; quoted text is skipped below.
_NAMED = re.compile(r"'(?:[^']|'')*'|(?<![:\w]):([A-Za-z_]\w*)")


class TextClause:
    """text("... WHERE slug = :slug"): the statement with $n placeholders and
    the parameter names in their order."""

    __slots__ = ("text", "sql", "names")

    def __init__(self, text):
        self.text = text
        names = []

        def number(match):
            name = match.group(1)
            if name is None:
                return match.group(0)
            if name not in names:
                names.append(name)
            return f"${names.index(name) + 1}"

        self.sql = _NAMED.sub(number, text)
        self.names = names

    def bind(self, params):
        params = params or {}
        missing = [name for name in self.names if name not in params]
        if missing:
            raise KeyError(f"text() parameter(s) {', '.join(missing)} not given (given: {', '.join(params) or 'none'})")
        return [params[name] for name in self.names]

    def __str__(self):
        return self.text


_cache = {}


def text(sql):
    clause = _cache.get(sql)
    if clause is None:
        clause = _cache[sql] = TextClause(sql)
    return clause


class Row(tuple):
    """A result row: by position, or by column name as an attribute."""

    _columns = ()

    def __getattr__(self, name):
        try:
            return self[self._columns.index(name)]
        except ValueError:
            raise AttributeError(f"row has no column {name!r} (columns: {', '.join(self._columns)})") from None

    def _asdict(self):
        return dict(zip(self._columns, self))


class ScalarResult:
    def __init__(self, values):
        self._values = values

    def first(self):
        return self._values[0] if self._values else None

    def one(self):
        if len(self._values) != 1:
            raise (NoResultFound if not self._values else MultipleResultsFound)(f"{len(self._values)} rows, expected one")
        return self._values[0]

    def one_or_none(self):
        if len(self._values) > 1:
            raise MultipleResultsFound(f"{len(self._values)} rows, expected at most one")
        return self._values[0] if self._values else None

    def all(self):
        return list(self._values)

    def __iter__(self):
        return iter(self._values)


_row_types = {}  # one Row class per column list, made once


class Result:
    """What execute() returns (built by the stepper from the model's result)."""

    def __init__(self, columns, rows, rowcount):
        self.columns = tuple(columns)
        row_type = _row_types.get(self.columns)
        if row_type is None:
            row_type = _row_types[self.columns] = type("Row", (Row,), {"_columns": self.columns, "__slots__": ()})
        self._rows = [row_type(row) for row in rows]
        self.rowcount = rowcount

    def keys(self):
        return list(self.columns)

    def all(self):
        return list(self._rows)

    def fetchall(self):
        return list(self._rows)

    def first(self):
        return self._rows[0] if self._rows else None

    def one(self):
        return ScalarResult(self._rows).one()

    def one_or_none(self):
        return ScalarResult(self._rows).one_or_none()

    def scalar(self):
        return self._rows[0][0] if self._rows else None

    def scalar_one(self):
        return ScalarResult([row[0] for row in self._rows]).one()

    def scalar_one_or_none(self):
        return ScalarResult([row[0] for row in self._rows]).one_or_none()

    def scalars(self):
        return ScalarResult([row[0] for row in self._rows])

    def __iter__(self):
        return iter(self._rows)


class Model:
    """A mapped class in the declarative style without SQLAlchemy:
    `__tablename__`, attributes by keyword; session.add() + flush() sends its
    INSERT ... RETURNING id. SQLAlchemy's own declarative classes work too
    (interleave/orm.py)."""

    __tablename__ = ""

    def __init__(self, **values):
        self.id = None
        for name, value in values.items():
            setattr(self, name, value)

    def _columns(self):
        return {name: value for name, value in vars(self).items() if not name.startswith("_") and
                not (name == "id" and value is None)}


_inserts = {}  # INSERT text per (table, columns), made once


_dialect = []  # SQLAlchemy's asyncpg dialect, imported on first use
_FORMAT = re.compile(r"%%|%s")


def prepare_sqlalchemy():
    """Imports the dialect at load time, on the main stack: an import is
    deep C recursion, too deep for an actor's fiber stack."""
    if not _dialect:
        from sqlalchemy.dialects.postgresql import asyncpg
        _dialect.append(asyncpg.dialect())
    orm.prepare()


def _compile(statement, params):
    """A SQLAlchemy Core statement (select(), insert(), update(), delete())
    compiled by SQLAlchemy's own PostgreSQL dialect, its %s placeholders
    numbered as asyncpg sends them."""
    compiled = statement.compile(dialect=_dialect[0], compile_kwargs={"render_postcompile": True})
    values = dict(compiled.params)
    values.update(params or {})
    count = iter(range(1, 1 << 30))
    sql = _FORMAT.sub(lambda m: "%" if m.group(0) == "%%" else f"${next(count)}", str(compiled))
    return sql, [values[name] for name in (compiled.positiontup or [])]


def _compile_named(statement):
    """The statement's SQL text and its bind parameters' names in order, for
    a statement compiled once and sent many times with other values."""
    compiled = statement.compile(dialect=_dialect[0], compile_kwargs={"render_postcompile": True})
    count = iter(range(1, 1 << 30))
    sql = _FORMAT.sub(lambda m: "%" if m.group(0) == "%%" else f"${next(count)}", str(compiled))
    return sql, list(compiled.positiontup or [])


def _statement(statement, params):
    if isinstance(statement, TextClause):
        return statement.sql, statement.bind(params)
    if isinstance(statement, str):
        raise TypeError("execute() takes text(\"...\"), not a plain string (as SQLAlchemy 2 requires)")
    if hasattr(statement, "compile") and type(statement).__module__.startswith("sqlalchemy."):
        return _compile(statement, params)
    raise TypeError(f"execute() takes text(\"...\") or a SQLAlchemy Core statement; got {type(statement).__name__}")


class AsyncSession:
    """Transactions begin at the first statement and end with commit() or
    rollback(), as in SQLAlchemy."""

    def __init__(self, *args, **kwargs):
        self._conn = None  # set by the stepper: the actor's connection
        self._pending = []
        self._flushed = []  # objects this session inserted: add() of one again is a no-op, as in SQLAlchemy

    async def execute(self, statement, params=None):
        sql, values = _statement(statement, params)
        return await Execute(self, sql, values)

    async def scalar(self, statement, params=None):
        return (await self.execute(statement, params)).scalar()

    async def scalars(self, statement, params=None):
        return (await self.execute(statement, params)).scalars()

    def add(self, instance):
        if not any(instance is known for known in self._pending + self._flushed):
            self._pending.append(instance)

    def add_all(self, instances):
        for instance in instances:
            self.add(instance)

    async def flush(self):
        pending, self._pending = self._pending, []
        for instance in pending:
            self._flushed.append(instance)
            if orm.is_mapped(instance):
                sql, values, returned = orm.insert_sql(instance, _compile_named)
                result = await Execute(self, sql, values)
                orm.set_returned(instance, returned, result.first() or ())
                continue
            columns = instance._columns()
            shape = (instance.__tablename__, tuple(columns))
            sql = _inserts.get(shape)
            if sql is None:
                places = ", ".join(f"${i + 1}" for i in range(len(columns)))
                sql = _inserts[shape] = f"INSERT INTO {shape[0]} ({', '.join(columns)}) VALUES ({places}) RETURNING id"
            result = await Execute(self, sql, list(columns.values()))
            instance.id = result.scalar()

    async def get(self, model, ident):
        if orm.is_mapped(model):
            row = (await Execute(self, *_compile(orm.get_statement(model, ident), None))).first()
            return None if row is None else orm.instance_from_row(model, row)
        result = await Execute(self, f"SELECT * FROM {model.__tablename__} WHERE id = $1", [ident])
        row = result.first()
        if row is None:
            return None
        return model(**row._asdict())

    async def refresh(self, instance):
        """The instance's id and values are known since its flush: nothing
        is sent (the C++ services read nothing back either)."""
        if getattr(instance, "id", None) is None:
            await self.flush()

    async def commit(self):
        await self.flush()
        await Commit(self)

    async def rollback(self):
        self._pending = []
        self._flushed = []
        await Rollback(self)

    async def close(self):
        pass

    async def __aenter__(self):
        return self

    async def __aexit__(self, kind, error, trace):
        return False


def async_session():
    """async_sessionmaker's product: `async with async_session() as session:`."""
    return AsyncSession()
