"""Storage: the database, its tables and migrations, the inbox and outbox queues, named state."""
