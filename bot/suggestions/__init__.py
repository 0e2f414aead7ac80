"""Suggestions: proposing answers to new questions, and the volunteers' decisions on them."""
