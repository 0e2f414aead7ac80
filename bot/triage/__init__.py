"""Volunteers' triage: the commands they whisper, who may give them, and how they log in to
the page."""
