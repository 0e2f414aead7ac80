"""The forum every record belongs to, when a coop runs only one."""

DEFAULT_FORUM = "default"
