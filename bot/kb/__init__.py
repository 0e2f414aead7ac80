"""The knowledge base as the bot stores it: entries, the live index and its vectors, feedback."""
