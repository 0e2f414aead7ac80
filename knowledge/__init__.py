"""Knowledge base search for coopbot: a pure library (values in, values out)."""

from knowledge.base import KnowledgeBase
from knowledge.documents import Document, load_markdown_folder, thread_document
from knowledge.errors import KnowledgeFormatError
from knowledge.feedback import FeedbackRecord
from knowledge.hits import Hit
from knowledge.search import SearchResult

__all__ = [
    "Document",
    "FeedbackRecord",
    "Hit",
    "KnowledgeBase",
    "KnowledgeFormatError",
    "SearchResult",
    "load_markdown_folder",
    "thread_document",
]
