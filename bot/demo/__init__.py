"""The demo's sample knowledge base and forum questions (data for `coopbot demo`)."""
