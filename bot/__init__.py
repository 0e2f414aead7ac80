"""coopbot: the bot's domain, plumbing and command line."""
