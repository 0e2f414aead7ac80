"""The `coopbot` command line: the composition root, one module per command group."""
