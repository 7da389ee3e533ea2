"""VMM intercepts: run() stops before chosen addresses, and before watched words rewritten.

Binary translation uses them (vmlab/vmm/binary_translation.py); here only the
machine's side: the stop reason, that it comes at the same instruction
boundary whether the loop runs fast or unit by unit, that nothing stops
while intercepting is off, and that a watched word stops only once rewritten.
"""

from vmlab.isa import encode
from vmlab.machine import CYCLE_LIMIT, HALT as HALT_REASON, INTERCEPT, Machine

from .helpers import HALT, addi, branch, getf, jmp, make_machine, sw

LOOP = [addi(1, 1, 1), addi(2, 2, 1), getf(3), branch("BNE", 1, 4, -3), HALT]


def _loop_machine(**kw) -> Machine:
    m = make_machine(addi(4, 0, 5), LOOP, **kw)   # the loop runs from address 1
    return m


def test_run_stops_before_an_intercept_every_time_while_intercepting():
    m = _loop_machine()
    m.intercept([3])                     # the GETF
    assert m.run(1000) == HALT_REASON    # intercepting is off: no stop at all
    m = _loop_machine()
    m.intercept([3])
    m.intercepting = True
    stops = []
    while (reason := m.run(1000)) == INTERCEPT:
        assert m.pc == 3 and m.at_intercept()
        stops.append(m.cycles)
        m.regs[3] = 7                    # the "VMM" does the instruction itself...
        m.pc, m.cycles, m.instret = 4, m.cycles + 1, m.instret + 1   # ...and moves on
    assert reason == HALT_REASON and len(stops) == 5
    assert stops == sorted(set(stops))


def test_the_stop_is_at_the_same_boundary_fast_or_unit_by_unit():
    fast, slow = _loop_machine(), _loop_machine()
    for m in (fast, slow):
        m.intercept([3])
        m.intercepting = True
    assert fast.run(1000) == INTERCEPT
    while (reason := slow.run(max_cycles=1)) == CYCLE_LIMIT:
        pass
    assert reason == INTERCEPT
    assert (slow.pc, slow.cycles, slow.instret, slow.regs) == \
        (fast.pc, fast.cycles, fast.instret, fast.regs)


def test_release_lets_the_instruction_run_again():
    m = _loop_machine()
    m.intercept([3])
    m.intercepting = True
    assert m.run(1000) == INTERCEPT
    m.release([3])
    assert not m.intercepts and m.run(1000) == HALT_REASON


def test_a_watched_word_stops_the_cpu_only_once_rewritten():
    # 0: addi r1, r0, <GETF r3>   1: sw r1, 6(r0)   2: jmp 4 ... 4: jmp 6  6: addi (rewritten)
    getf_word = encode(getf(3))
    for fast in (True, False):
        m = make_machine([0] * 0, at={0: [addi(5, 0, 1)], 1: [jmp(6)], 6: [addi(2, 2, 1), HALT]})
        m.watch([6, 7])
        m.intercepting = True
        # Nothing rewritten: it runs to the end.
        assert _run(m, fast) == HALT_REASON and m.regs[2] == 1
        m = make_machine(at={0: [sw(9, 6, 0)], 1: [jmp(6)], 6: [addi(2, 2, 1), HALT]})
        m.regs[9] = getf_word
        m.watch([6, 7])
        m.intercepting = True
        assert _run(m, fast) == INTERCEPT and m.pc == 6 and m.mem[6] == getf_word
        m.watch([6])                     # the VMM has looked: verified again
        assert _run(m, fast) == HALT_REASON and m.regs[3] == m.status


def test_an_unverified_watch_stops_before_the_word_until_verified():
    m = make_machine(at={0: [addi(1, 0, 1), HALT]})
    m.watch([1], verified=False)
    m.intercepting = True
    assert m.run(100) == INTERCEPT and m.pc == 1
    m.watch([1])
    assert m.run(100) == HALT_REASON
    m.unwatch([1])
    assert not m.watched


def test_while_not_intercepting_a_rewritten_watched_word_still_runs_right():
    m = make_machine(at={0: [sw(9, 2, 0), jmp(2), HALT, HALT]})
    m.regs[9] = encode(addi(4, 0, 33))
    m.watch([2])
    assert m.run(100) == HALT_REASON and m.regs[4] == 33 and m.pc == 4


def _run(m: Machine, fast: bool) -> str:
    if fast:
        return m.run(1000)
    while (reason := m.run(max_cycles=1)) == CYCLE_LIMIT:
        pass
    return reason
