"""The inbox's prepared INSERT stores exactly what SQLAlchemy's own execution stores."""

from __future__ import annotations

import pytest
from sqlalchemy import bindparam, insert, select
from sqlalchemy.exc import IntegrityError

from bot.store import inbox
from bot.store.models.queues import InboxEvent
from bot.store.prepared import PreparedInsert
from tests.bot.test_inbox_worker import incoming

T = InboxEvent.__table__


def stored(engine, row_id: int) -> dict:
    with engine.connect() as conn:
        row = dict(conn.execute(select(T).where(T.c.id == row_id)).mappings().one())
    del row["id"], row["semantic_key"]
    return row


def test_a_prepared_row_reads_back_like_one_inserted_by_sqlalchemy(engine):
    assert inbox.record(engine, incoming(1, raw="écrit à a@example.org"), "default")
    [prepared] = inbox.list_rows(engine)
    values = {c.name: getattr(prepared, c.name) for c in T.columns if c.name != "id"}
    with engine.begin() as conn:
        values["semantic_key"] = "copied"
        copy_id = conn.execute(insert(T).values(values).returning(T.c.id)).scalar_one()
    assert stored(engine, prepared.id) == stored(engine, copy_id)
    assert prepared.received_at.tzinfo is not None
    assert "a@example.org" not in prepared.event and isinstance(prepared.raw_body, bytes)


def test_a_driver_error_is_raised_as_sqlalchemy_error_and_the_connection_is_not_reused(engine):
    columns = [c.name for c in T.columns if c.name != "id"]
    statement = insert(T).values({name: bindparam(name) for name in columns})
    prepared = PreparedInsert.compile(engine.dialect, statement.returning(T.c.id))
    values = dict.fromkeys(columns) | {"source": "discourse"}  # NOT NULL columns left empty
    for _ in range(2):  # the second call gets a sound connection, not the failed one
        with pytest.raises(IntegrityError):
            prepared.run(engine, values)
    with pytest.raises(ValueError, match="no value for the column"):
        prepared.run(engine, {"source": "discourse"})
    assert inbox.record(engine, incoming(2), "default")


def test_values_must_be_named_after_their_columns(engine):
    with pytest.raises(ValueError, match="bindparam"):
        PreparedInsert.compile(engine.dialect, insert(T).values(source="literal"))
