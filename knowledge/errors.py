"""Errors raised by the knowledge library."""


class KnowledgeFormatError(ValueError):
    """A knowledge file cannot be read; the message names the file and the line."""

    def __init__(self, source: str, line: int, problem: str):
        super().__init__(f"{source}:{line}: {problem}")
        self.source = source
        self.line = line
        self.problem = problem
