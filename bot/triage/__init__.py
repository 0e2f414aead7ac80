"""Volunteer triage: who may decide on suggestions, and how they log in to the page."""
