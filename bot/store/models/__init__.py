"""Database tables, one module per concern. Every record carries the forum it belongs to.

Importing this package registers every table on `SQLModel.metadata`, which the migrations
compare against.
"""

from bot.store.models import (  # noqa: F401  (registers the tables on the metadata)
    accounts,
    activity,
    digest,
    incident_reports,
    incidents,
    knowledge,
    queues,
    suggestions,
)
