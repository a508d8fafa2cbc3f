"""SQLAlchemy declarative mapped classes (declarative_base() in 1.4,
DeclarativeBase in 2.0) in an AsyncSession: what flush() sends for an added
object and what get() sends for a primary key, as Core statements on the
class's Table, compiled with SQLAlchemy's PostgreSQL dialect (db.py).
Objects are plain values here: there is no identity map, no unit of work for
changed attributes and no lazy loading (an async session cannot lazy-load
either)."""


def is_mapped(instance_or_class):
    """A SQLAlchemy mapped object or class (not interleave.Model)."""
    return hasattr(instance_or_class, "__mapper__") and hasattr(instance_or_class, "__table__")


def _scalar_default(column):
    default = column.default
    if default is not None and getattr(default, "is_scalar", False):
        return True, default.arg
    return False, None


_inserts = {}  # (table, columns given, columns returned) -> (SQL text, bind names): compiled once


def insert_sql(instance, compile):
    """The INSERT of an added object: its SQL text, compiled by `compile`
    (db._compile_named) once per table and set of columns, as SQLAlchemy
    caches its compiled statements. Returns (sql, params, returned keys)."""
    from sqlalchemy import insert

    table, values, returned_columns, returned_keys = _insert_parts(instance)
    shape = (table, tuple(values), tuple(column.name for column in returned_columns))
    compiled = _inserts.get(shape)
    if compiled is None:
        statement = insert(table).values(**values)
        if returned_columns:
            statement = statement.returning(*returned_columns)
        compiled = _inserts[shape] = compile(statement)
    sql, names = compiled
    return sql, [values[name] for name in names], returned_keys


def _insert_parts(instance):
    """What SQLAlchemy's unit of work inserts: INSERT INTO table (the columns
    set on the object, or with a scalar Python-side default) VALUES (...)
    RETURNING the primary key columns. Returns the table, its values by
    column, the returned columns and their attribute keys."""
    from sqlalchemy import inspect

    mapper = inspect(type(instance))
    state = inspect(instance)
    values = {}
    for prop in mapper.column_attrs:
        column = prop.columns[0]
        if column.table is not mapper.local_table:
            continue
        if prop.key in state.dict and state.dict[prop.key] is not None:
            values[column.name] = state.dict[prop.key]
            continue
        has_default, value = _scalar_default(column)
        if has_default:
            values[column.name] = value
            state.dict[prop.key] = value  # as SQLAlchemy fills it in after the flush
    returned = [column for column in mapper.local_table.primary_key.columns if column.name not in values]
    return mapper.local_table, values, returned, [mapper.get_property_by_column(column).key for column in returned]


def set_returned(instance, keys, row):
    """The RETURNING row's values on the object, as loaded (not changed) state."""
    from sqlalchemy.orm.attributes import set_committed_value

    for key, value in zip(keys, row):
        set_committed_value(instance, key, value)


def get_statement(model, ident):
    """session.get(Model, pk): SELECT the table's columns WHERE pk = ident
    (a tuple or dict for a composite key)."""
    from sqlalchemy import and_, inspect, select

    mapper = inspect(model)
    key = list(mapper.primary_key)
    if isinstance(ident, dict):
        idents = [ident[mapper.get_property_by_column(column).key] for column in key]
    elif isinstance(ident, (tuple, list)):
        idents = list(ident)
    else:
        idents = [ident]
    if len(idents) != len(key):
        raise ValueError(f"{model.__name__} has {len(key)} primary key column(s); get() was given {len(idents)}")
    return select(mapper.local_table).where(and_(*[column == value for column, value in zip(key, idents)]))


def instance_from_row(model, row):
    """An object of `model` holding the row as loaded state."""
    from sqlalchemy import inspect
    from sqlalchemy.orm.attributes import set_committed_value

    mapper = inspect(model)
    instance = mapper.class_manager.new_instance()
    values = row._asdict()
    for prop in mapper.column_attrs:
        name = prop.columns[0].name
        if name in values:
            set_committed_value(instance, prop.key, values[name])
    return instance


def prepare():
    """Configures the mappers and imports what the calls above import, on the
    main stack at load time (an import is too deep for an actor's fiber)."""
    from sqlalchemy import and_, insert, inspect, select  # noqa: F401
    from sqlalchemy.orm import configure_mappers
    from sqlalchemy.orm.attributes import set_committed_value  # noqa: F401

    configure_mappers()
