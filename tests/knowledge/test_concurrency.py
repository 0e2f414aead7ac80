"""A base searched while it changes: searches never see a change half made."""

import sys
import threading
import time

import pytest

from knowledge import KnowledgeBase
from knowledge.rwlock import ReadWriteLock
from tests.knowledge.test_calibration import PAGES

QUESTIONS = [
    ("mot de passe oublié", "je ne peux plus lire mes courriels"),
    ("certificat expiré", "mon site affiche une erreur https"),
    ("sauvegarde", "comment restaurer mes fichiers"),
    ("mémoire php", "allowed memory size exhausted"),
]


@pytest.fixture
def often_switching():
    """Switch threads every microsecond: interleavings that take hours at the default."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def answers(kb: KnowledgeBase, questions=QUESTIONS) -> list:
    """Return what each question gets: the decision and the hits' entries and sections."""
    out = []
    for title, body in questions:
        result = kb.search(title, body)
        out.append((result.suggested, [(h.entry_id, h.url) for h in result.hits]))
    return out


def run_together(change, rounds: int, kb: KnowledgeBase, questions=QUESTIONS):
    """Call change() `rounds` times while another thread searches; return what the
    searches got and the errors either thread raised."""
    got, errors, done = [], [], threading.Event()

    def changing():
        try:
            for _ in range(rounds):
                change()
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            done.set()

    def searching():
        try:
            while not done.is_set() or not got:
                got.append(answers(kb, questions))
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    threads = [threading.Thread(target=changing), threading.Thread(target=searching)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return got, errors


@pytest.mark.usefixtures("often_switching")
@pytest.mark.parametrize("vectors", [False, True])
def test_searches_while_entries_are_replaced_never_fail(documents, semantic_kb, vectors):
    cache = dict(semantic_kb.embedding_cache) if vectors else None
    kb = KnowledgeBase.build(documents, embedding_cache=cache, semantic=vectors, calibrate=False)
    ids = {d.id for d in documents}
    churned = documents[:3]

    def replace():
        kb.remove([d.id for d in churned])
        kb.add(churned)

    got, errors = run_together(replace, 40, kb)
    assert errors == []
    assert got and all(hit in ids for answer in got for _, hits in answer for hit, _ in hits)


@pytest.mark.usefixtures("often_switching")
def test_searches_during_a_recalibration_see_the_whole_base():
    kb = KnowledgeBase.build(PAGES, semantic=False)
    asked = [("Régler le cadran principal", ""), ("Purger la diode", ""), ("le hublot", "")]
    expected = answers(kb, asked)
    # Calibration takes pages out of the index and puts them back while it fits: a
    # search in between met pages without their headings, or no page at all.
    got, errors = run_together(lambda: kb.recalibrate(PAGES), 2, kb, asked)
    assert errors == []
    assert got and all(answer == expected for answer in got)


def test_a_writer_waits_for_the_readers_inside():
    lock, order = ReadWriteLock(), []
    reading, release = threading.Event(), threading.Event()

    def reader():
        with lock.reading():
            reading.set()
            release.wait(5)
            order.append("reader out")

    def writer():
        with lock.writing():
            order.append("writer in")

    threads = [threading.Thread(target=reader), threading.Thread(target=writer)]
    threads[0].start()
    reading.wait(5)
    threads[1].start()
    time.sleep(0.05)
    assert order == []  # the writer waits
    release.set()
    for thread in threads:
        thread.join(5)
    assert order == ["reader out", "writer in"]


def test_readers_arriving_after_a_waiting_writer_go_after_it():
    lock, order = ReadWriteLock(), []
    first_in, release = threading.Event(), threading.Event()

    def first_reader():
        with lock.reading():
            first_in.set()
            release.wait(5)

    def writer():
        with lock.writing():
            order.append("writer")

    def late_reader():
        with lock.reading():
            order.append("late reader")

    first = threading.Thread(target=first_reader)
    first.start()
    first_in.wait(5)
    waiting = threading.Thread(target=writer)
    waiting.start()
    while not lock._writers_waiting:  # the writer is queued before the late reader comes
        time.sleep(0.001)
    late = threading.Thread(target=late_reader)
    late.start()
    time.sleep(0.05)
    assert order == []
    release.set()
    for thread in (first, waiting, late):
        thread.join(5)
    assert order == ["writer", "late reader"]


def test_readers_share_the_lock():
    lock, inside = ReadWriteLock(), threading.Barrier(3, timeout=5)

    def reader():
        with lock.reading():
            inside.wait()  # all three inside at once, or the barrier times out

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert not inside.broken
