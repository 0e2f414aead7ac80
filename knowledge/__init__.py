"""Knowledge base search for coopbot: a pure library (values in, values out)."""
