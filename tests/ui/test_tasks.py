"""The two lanes of background work: interactive tasks never wait behind a batch; batches
are cancellable, say whether they are busy, and stop at shutdown."""

from __future__ import annotations

import threading

import pytest

from kiosk.media.cancel import CancelToken
from kiosk.ui import tasks


@pytest.fixture
def lane(qapp, monkeypatch):
    """A batch lane of the test's own (a shutdown must not close the app's for later
    tests); every batch still open at the end is cancelled."""
    fresh = tasks._Lane()
    monkeypatch.setattr(tasks, "_lane", fresh)
    yield fresh
    for batch in fresh.open():
        batch.cancel()


def blocking(started: threading.Event, release: threading.Event):
    """Batch work that holds the lane until released or cancelled."""

    def work(token: CancelToken) -> str:
        started.set()
        while not release.is_set():
            token.check()
            release.wait(0.01)
        return "made"

    return work


def test_an_interactive_task_never_waits_behind_batches(lane, qtbot):
    release = threading.Event()
    started = [threading.Event() for _ in range(3)]
    batches = [tasks.run_batch(blocking(s, release), lambda _r: None) for s in started]
    assert started[0].wait(5)
    answers = []
    tasks.run_task(lambda: "PIN ok", answers.append)  # the PIN pad waits for this
    qtbot.waitUntil(lambda: answers == ["PIN ok"], timeout=2000)
    assert not started[1].is_set()  # batches run one at a time, in order
    assert tasks.busy()
    release.set()
    qtbot.waitUntil(lambda: not tasks.busy(), timeout=5000)
    assert all(b.over for b in batches)


def test_busy_until_the_result_is_delivered_on_the_gui_thread(lane, qtbot):
    release, started = threading.Event(), threading.Event()
    delivered = []

    def done(result: str) -> None:
        assert tasks.busy()  # the batch is not over while its result is being taken
        delivered.append(result)

    assert not tasks.busy()
    batch = tasks.run_batch(blocking(started, release), done, name="test")
    assert tasks.busy()
    assert started.wait(5)
    release.set()
    with lane._lock:  # the work returns; this thread does not run the event loop meanwhile
        assert lane._lock.wait_for(lambda: lane._current is None, timeout=5)
    assert tasks.busy() and not batch.over and delivered == []  # the result is on its way
    qtbot.waitUntil(lambda: delivered == ["made"], timeout=5000)
    assert batch.over and not tasks.busy()


def test_a_cancelled_batch_stops_and_delivers_nothing(lane, qtbot):
    release, started = threading.Event(), threading.Event()
    calls = []
    running = tasks.run_batch(blocking(started, release), calls.append, calls.append)
    queued_started = threading.Event()
    queued = tasks.run_batch(blocking(queued_started, release), calls.append, calls.append)
    assert started.wait(5)
    queued.cancel()
    running.cancel()
    qtbot.waitUntil(lambda: running.over and queued.over, timeout=5000)
    assert not queued_started.is_set()  # cancelled while queued: never started
    assert not tasks.busy()
    assert calls == []  # neither done nor failed
    assert not release.is_set()  # the running one stopped at its token, not by finishing


def test_a_result_that_arrives_after_a_cancel_is_dropped(lane, qtbot):
    calls = []
    started, gate = threading.Event(), threading.Event()

    def work(token: CancelToken) -> str:
        started.set()
        gate.wait(5)
        return "late"  # finished without looking at the token

    batch = tasks.run_batch(work, calls.append)
    assert started.wait(5)
    batch.cancel()
    gate.set()
    # Over without the GUI thread's help (at quit there is no event loop to deliver to).
    assert batch.wait(5)
    assert not tasks.busy()
    assert calls == []


def test_a_result_on_its_way_when_cancelled_is_not_delivered(lane, qtbot):
    calls = []
    returning = threading.Event()

    def work(token: CancelToken) -> str:
        returning.set()
        return "made"

    batch = tasks.run_batch(work, calls.append)
    assert returning.wait(5)
    with lane._lock:  # the result is posted; no event loop runs meanwhile to take it
        assert lane._lock.wait_for(lambda: lane._current is None, 5)
    assert not batch.over
    batch.cancel()  # a reload, just before the GUI thread takes the result
    qtbot.waitUntil(lambda: batch.over, timeout=5000)
    assert calls == []


def test_a_failing_batch_reports_on_the_gui_thread(lane, qtbot):
    errors = []

    def work(token: CancelToken) -> None:
        raise SyntaxError("broken")

    tasks.run_batch(work, lambda _r: None, errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=5000)
    assert isinstance(errors[0], SyntaxError)
    qtbot.waitUntil(lambda: not tasks.busy(), timeout=5000)


def test_shutdown_cancels_every_batch_and_refuses_new_ones(lane, qtbot):
    started = threading.Event()
    never = threading.Event()
    calls = []
    tasks.run_batch(blocking(started, never), calls.append)
    queued = tasks.run_batch(blocking(threading.Event(), never), calls.append)
    assert started.wait(5)
    assert tasks.shutdown(timeout=2.0)  # the running one saw its token in time
    late = tasks.run_batch(blocking(threading.Event(), never), calls.append)
    assert queued.cancelled and late.cancelled
    qtbot.waitUntil(lambda: not tasks.busy(), timeout=5000)
    assert calls == []
