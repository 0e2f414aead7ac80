"""Many readers at once, or one writer: searches share a base, changes have it alone.

A change to a base (entries added or removed, the calibration fitted again) touches the
lexical index, the sections, the vectors and the entries one after the other; a search
that read them in between found a slot the entries no longer held, or a vector row
beside a table of rows already changed. Hits are built after the search, from the
entries and sections it captured, and need no lock."""

import contextlib
import threading


class ReadWriteLock:
    """Readers share the lock; a writer has it alone and goes before readers arriving
    after it (a steady flow of searches cannot keep a change waiting for ever).

    Not reentrant: a thread holding it must not take it again (a writer waiting between
    the two would wait for the first, which waits for it)."""

    def __init__(self):
        self._changed = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    @contextlib.contextmanager
    def reading(self):
        """Hold the lock with other readers for the block."""
        with self._changed:
            while self._writing or self._writers_waiting:
                self._changed.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._changed:
                self._readers -= 1
                if not self._readers:
                    self._changed.notify_all()

    @contextlib.contextmanager
    def writing(self):
        """Hold the lock alone for the block, once the readers inside have left."""
        with self._changed:
            self._writers_waiting += 1
            try:
                while self._writing or self._readers:
                    self._changed.wait()
            except BaseException:  # interrupted: the readers it held back may go
                self._writers_waiting -= 1
                self._changed.notify_all()
                raise
            self._writers_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._changed:
                self._writing = False
                self._changed.notify_all()
