"""two-guests-forever: Alpha and Beta that keep working until someone stops them
(a classroom demonstration), printing less and less often so that what their
consoles hold stays small however long they run."""

from __future__ import annotations

import re

import pytest

from vmlab.scenario import available_scenarios, load_scenario, programs_dir
from vmlab.session import Session


def printed(n: int) -> bool:
    """The heartbeat rule of both kernels: every round (batch) below 100 (10), then every
    10th up to 10 times that, every 100th..."""
    step = 1
    while n >= 100 * step:
        step *= 10
    return n % step == 0


def beta_loud(batch: int) -> bool:
    step = 1
    while batch > 10 * step:
        step *= 10
    return batch % step == 0


@pytest.fixture(scope="module")
def long_run():
    s = Session(load_scenario("two-guests-forever"))
    marks = []
    for cycle in (800_000, 1_600_000, 2_400_000, 3_200_000):   # ~4 s
        s.run(until_cycle=cycle)
        marks.append((s.cycle, s.counters().exits, s.cycles_by_bucket()["vmm"],
                      {g: len(s.guest(g).console) for g in s.guest_names}))
    return s, marks


def test_it_is_shipped_and_reads_in_both_languages():
    assert "two-guests-forever" in available_scenarios()
    scenario = load_scenario("two-guests-forever")
    assert scenario.technique == "trap-and-emulate"
    assert [g.name for g in scenario.guests] == ["alpha", "beta"]
    assert scenario.title["en"] != scenario.title["ca"]


def test_the_guests_keep_working_and_the_vmm_keeps_switching(long_run):
    s, marks = long_run
    assert s.halted is None                         # nothing ends it but a pause
    assert all(str(s.guest(g).state) in ("running", "ready", "waiting") for g in s.guest_names)
    for (c0, exits0, vmm0, out0), (c1, exits1, vmm1, out1) in zip(marks, marks[1:]):
        assert exits1 - exits0 > 1_000, "VM exits keep coming"
        assert 0.1 < (vmm1 - vmm0) / (c1 - c0) < 0.9, "the VMM keeps a share, not all"
    first, last = marks[0][3], marks[-1][3]
    assert all(last[g] > first[g] for g in s.guest_names), "both consoles still grow"


def test_alpha_prints_its_rounds_less_and_less_often(long_run):
    s, _ = long_run
    console = s.guest("alpha").console
    for name, pattern in (("ping", r"^ping #(\d+)$"), ("pong", r"^pong \(pid 2\) #(\d+)$")):
        rounds = [int(n) for n in re.findall(pattern, console, re.MULTILINE)]
        assert rounds == [n for n in range(rounds[-1] + 1) if printed(n)], name
        if name == "ping":
            assert rounds[-1] >= 110, "ping has run past its 100th round: every 10th since"
    # Every line whole: time-sharing never cuts a process's line in two.
    lines = console.splitlines()
    assert all(re.fullmatch(r"ping #\d+|pong \(pid 2\) #\d+|\[alpha\].*|intruder:.*|Alpha.*",
                            line) for line in lines), lines
    assert "[alpha] process 3 killed: BOUNDS" in console      # the intruder, once
    assert "all processes have finished" not in console


def test_beta_runs_its_batch_again_and_again(long_run):
    s, _ = long_run
    console = s.guest("beta").console
    done = list(re.finditer(r"^\[beta\] batch (\d+) done: jobs (\d+)", console, re.MULTILINE))
    batches = [int(m.group(1)) for m in done]
    assert batches[-1] >= 5
    assert batches == [b for b in range(1, batches[-1] + 1) if beta_loud(b)]
    # Each batch reported ran both jobs, with Beta's results; under trap and emulate its
    # SETF critical sections are still interrupted (the Popek-Goldberg lesson).
    starts = [0] + [m.end() for m in done[:-1]]
    for start, m in zip(starts, done):
        part = console[start:m.start()]
        assert "job 1, primes below 600: 109" in part
        assert "job 2, 1*1 + 2*2 + ... + 500*500 = 41791750" in part
        assert int(m.group(2)) == 2 * int(m.group(1))
    assert "clock interrupt inside a critical section" in console


def code_lines(name: str, start: str | None = None, end: str | None = None) -> list[str]:
    """A program's instructions and directives, without comments and strings."""
    text = (programs_dir() / f"{name}.vl32").read_text(encoding="utf-8")
    text = text[text.index(start) if start else 0:text.index(end) if end else len(text)]
    return [line.split(";")[0].rstrip() for line in text.splitlines()
            if line.split(";")[0].strip() and ".string" not in line]


def test_the_kernels_are_alpha_and_beta():
    """Alpha-forever is Alpha's kernel with other processes; Beta-forever is Beta up to
    the end of a batch (and its quiet printing), with Beta's jobs."""
    processes = "; ---- process 1: ping"
    assert code_lines("alpha-forever", end=processes) == code_lines("alpha", end=processes)
    assert code_lines("beta-forever", end="batch_done:") == code_lines("beta", end="batch_done:")
    jobs = "; ---- job 1"
    assert code_lines("beta-forever", start=jobs) == code_lines("beta", start=jobs)
    assert "halt" not in [line.split()[0] for line in code_lines("beta-forever")]
