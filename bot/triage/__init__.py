"""Volunteers' triage: the commands they whisper and who may give them."""
