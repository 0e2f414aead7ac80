"""Give the memory freed by bulk work (an index's changes, loading the encoder) back.

A commit copies the postings (knowledge.postings) through temporaries of tens of MB,
and reading the encoder's weights frees more; glibc keeps such blocks in its heap
once a larger one has raised its mmap threshold: a process holding a 50,000-entry
base kept 15 to 50 MB it no longer used (bench/search.py's resident memory, 410 to
452 MB against 392 with this). malloc_trim returns them."""

import ctypes
import ctypes.util


def _malloc_trim():
    """Return glibc's malloc_trim, or None on another C library."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # pragma: no cover - musl, macOS
        return None


_TRIM = _malloc_trim()


def release_freed_memory() -> None:
    """Return the allocator's free pages to the system (nothing where unsupported)."""
    if _TRIM is not None:
        _TRIM(0)
