"""The cyclic collector runs rarely while a session advances, as usual otherwise."""

import gc

from vmlab.session import Session
from vmlab.session.collector import RUN_THRESHOLD, fewer_collections

from ..vmm.helpers import shipped


def test_the_threshold_is_raised_while_running_and_restored_after():
    session = Session(shipped("two-guests"))
    before = gc.get_threshold()
    seen = []
    engine_run = session.engine.run

    def spy(target, stop_on_trap):
        seen.append(gc.get_threshold()[0])
        return engine_run(target, stop_on_trap)

    session.engine.run = spy
    session.run(5_000)
    assert seen and all(t == RUN_THRESHOLD for t in seen)
    assert gc.get_threshold() == before
    assert gc.isenabled()


def test_restored_even_when_the_run_raises():
    before = gc.get_threshold()
    try:
        with fewer_collections():
            assert gc.get_threshold()[0] == RUN_THRESHOLD
            raise KeyError("boom")
    except KeyError:
        pass
    assert gc.get_threshold() == before


def test_nesting_keeps_the_outer_setting():
    before = gc.get_threshold()
    with fewer_collections():
        with fewer_collections():
            assert gc.get_threshold()[0] == RUN_THRESHOLD
        assert gc.get_threshold()[0] == RUN_THRESHOLD
    assert gc.get_threshold() == before
