"""Local volunteer accounts of the triage page: a name and a password hash per forum."""

from __future__ import annotations

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from bot.clock import utcnow
from bot.store.models.accounts import Volunteer

T = Volunteer.__table__


class VolunteerExists(ValueError):
    """A local account of that name already exists."""


def add(engine: Engine, forum: str, username: str, password_hash: str) -> None:
    """Create an account; VolunteerExists when the name is taken."""
    row = {"forum": forum, "username": username, "password_hash": password_hash}
    try:
        with engine.begin() as conn:
            conn.execute(insert(T).values(**row, created_at=utcnow()))
    except IntegrityError:
        raise VolunteerExists(f"volunteer {username!r} already exists") from None


def remove(engine: Engine, forum: str, username: str) -> bool:
    """Delete an account; False when there was none."""
    with engine.begin() as conn:
        gone = conn.execute(delete(T).where(T.c.forum == forum, T.c.username == username))
    return gone.rowcount > 0


def password_hash(engine: Engine, forum: str, username: str) -> str | None:
    """The stored hash of an account, or None when there is no such account."""
    query = select(T.c.password_hash).where(T.c.forum == forum, T.c.username == username)
    with engine.connect() as conn:
        return conn.execute(query).scalar()


def set_hash(engine: Engine, forum: str, username: str, new_hash: str) -> None:
    """Replace an account's hash (rehashed with newer parameters)."""
    where = (T.c.forum == forum) & (T.c.username == username)
    with engine.begin() as conn:
        conn.execute(update(T).where(where).values(password_hash=new_hash))


def names(engine: Engine, forum: str) -> list[tuple[str, object]]:
    """Every account as (name, created_at), by name."""
    query = select(T.c.username, T.c.created_at).where(T.c.forum == forum).order_by(T.c.username)
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(query)]
