"""One INSERT compiled once and run on the driver's connection: the webhook's hot path."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass

from sqlalchemy import Dialect, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import Insert


@dataclass(frozen=True)
class PreparedInsert:
    """SQL text, parameter order and bind processors, computed once per dialect.

    SQLAlchemy's execution machinery (transaction objects, execution context, result
    wrapping) cost more CPU than the INSERT itself; the values stored are the same,
    since each column's own bind processor converts them."""

    sql: str
    names: tuple[str, ...] | None  # positional order, or None for named parameters
    processors: dict[str, Callable]
    autocommit: bool  # one statement is atomic alone: no BEGIN/COMMIT round trips

    @classmethod
    def compile(cls, dialect: Dialect, statement: Insert) -> PreparedInsert:
        """Compile the statement for a dialect."""
        compiled = statement.compile(dialect=dialect)
        columns = statement.table.columns
        unnamed = [name for name in compiled.binds if name not in columns]
        if unnamed:
            raise ValueError(f"values must be bindparam(column name), not {unnamed}")
        processors = {
            name: processor
            for name in compiled.binds
            if (processor := columns[name].type.bind_processor(dialect)) is not None
        }
        positional = tuple(compiled.positiontup) if compiled.positional else None
        autocommit = dialect.name == "postgresql"
        return cls(compiled.string, positional, processors, autocommit)

    def parameters(self, values: dict):
        """The driver's parameters: converted, in order when the driver wants them so."""
        converted = dict(values)
        try:
            for name, processor in self.processors.items():
                converted[name] = processor(converted[name])
            return tuple(converted[n] for n in self.names) if self.names else converted
        except KeyError as e:
            raise ValueError(f"no value for the column {e.args[0]}") from None

    def run(self, engine: Engine, values: dict, lock=None) -> tuple | None:
        """Execute and commit; return the RETURNING row, or None when nothing was inserted."""
        parameters = self.parameters(values)
        dbapi_error = engine.dialect.loaded_dbapi.Error
        connection = None
        try:
            connection = engine.raw_connection()
            with lock or nullcontext():
                return self._execute(connection, parameters)
        except dbapi_error as e:
            if connection is not None:
                # The connection may be broken: never hand it to the next request.
                connection.invalidate()
            raise DBAPIError.instance(self.sql, parameters, e, dbapi_error) from e
        finally:
            if connection is not None:
                connection.close()

    def _execute(self, connection, parameters) -> tuple | None:
        """One statement in its own transaction."""
        driver = connection.dbapi_connection
        if self.autocommit:
            driver.autocommit = True
        try:
            cursor = connection.cursor()
            cursor.execute(self.sql, parameters)
            row = cursor.fetchone()
            cursor.close()
            if not self.autocommit:
                connection.commit()
            return row
        except BaseException:
            if not self.autocommit:
                connection.rollback()
            raise
        finally:
            if self.autocommit:
                driver.autocommit = False
