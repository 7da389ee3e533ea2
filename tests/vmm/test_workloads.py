"""The three workload kernels: system-call-heavy, context-switch-heavy, compute-bound.

Issue 10 ("Side by side") needs guests that make the difference between
techniques visible.  For each of syscaller, switcher and cruncher this checks:

* it assembles, and runs natively to HALT within its cycle budget, printing
  what an independent Python model of its processes says it must print;
* under trap-and-emulate it is equivalent to native: same console, registers,
  system registers (CYCLE included), traps, pc and instruction count, alone
  with several VMM quanta and beside Alpha;
* its character holds, measured under trap-and-emulate from the VMM's exit
  counts and its event log: syscaller makes many SYSCALL exits per 1,000
  instructions and few BASE writes; switcher makes many MTSR BASE/BOUND
  emulations; cruncher makes few exits of any kind.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vmlab.asm import assemble_file
from vmlab.session import Session

from .helpers import run_to_end, shipped

ROOT = Path(__file__).resolve().parents[2]
PROGRAMS = ROOT / "assets" / "programs"
WORKLOADS = ("syscaller", "switcher", "cruncher")
NATIVE_BUDGET = 300_000          # cycles: every workload halts well before this
M32 = 1 << 32

# VL32 encoding (docs/isa.md): MTSR is opcode 0x34, the SR number sits in imm18.
OP_MTSR, SR_BASE, SR_BOUND = 0x34, 5, 6


# ---------------------------------------------------------------- helpers
def instructions(session: Session, name: str) -> int:
    """Instructions the guest executed (read model if it has them, else the counters)."""
    view = session.guest(name)
    for attr in ("instret", "instructions"):
        if isinstance(getattr(view, attr, None), int):
            return getattr(view, attr)
    if session.vmm is None:
        return session.machine.instret
    return session.vmm.by_name[name].vcpu.instret


def run_counting(scenario, max_cycles: int = 10**7):
    """Run to the end, counting every VM exit by cause and every MTSR BASE/BOUND exit."""
    session = Session(scenario)
    exits: dict[str, int] = {}
    sr_writes = {SR_BASE: 0, SR_BOUND: 0}
    for event in session.stream_events(max_cycles):
        if event.kind != "vm-exit":
            continue
        exits[event.cause] = exits.get(event.cause, 0) + 1
        word = event.word
        if (event.cause == "PRIV" and word is not None and word >> 26 == OP_MTSR
                and word & 0x3FFFF in sr_writes):
            sr_writes[word & 0x3FFFF] += 1
    return session, exits, sr_writes


def lines(console: str) -> list[str]:
    assert console.endswith("\n")
    return console[:-1].split("\n")


@pytest.fixture(scope="module")
def native():
    """name -> (summary of the guest, session) of the native run."""
    out = {}
    for name in WORKLOADS:
        session = run_to_end(shipped(f"native-{name}"))
        out[name] = session.summary()["guests"][name], session
    return out


@pytest.fixture(scope="module")
def under_vmm():
    """name -> (session, exits by cause from the log, MTSR BASE/BOUND exits)."""
    return {name: run_counting(shipped(name)) for name in WORKLOADS}


# ---------------------------------------------------------------- Python models
def syscaller_model(pid: int, rounds: int = 600):
    """One syscaller process: (letters it putc's, system calls, add() total, checksum)."""
    x, checksum, total, history, letters = pid, 0, 0, [0] * 16, ""
    calls = 1                                           # the first getpid
    for left in range(rounds, 0, -1):
        x = (x * 33 + left) % M32
        history[left & 15] = x
        checksum = (checksum + pid) % M32               # getpid
        total = (total + (x & 0xFF)) % M32              # add(x & 0xFF) returns the total
        checksum ^= total
        checksum = (checksum + history[(left + 8) & 15]) % M32
        checksum = ((checksum << 3) | (checksum >> 29)) % M32
        calls += 2
        if left & 31 == 0:
            letters += chr(ord("a") + ((x >> 9) & 15))   # putc
            calls += 1
    calls += 2                                          # putc('\n') and exit
    return letters, calls, total, checksum


def switcher_model(pid: int, rounds: int = 250) -> int:
    """One switcher process: the checksum it exits with."""
    x, table = pid, [0] * 32
    for _ in range(rounds):
        for step in range(pid + 2, 0, -1):
            x = (x * 31 + step) % M32
            table[x & 31] = (table[x & 31] + step) % M32
    for value in table:
        x = (x * 3 + value) % M32
    return x


def matrix_model(n: int = 16) -> tuple[int, int]:
    a = [[(7 * i + 3 * j + 1) % 13 for j in range(n)] for i in range(n)]
    b = [[(5 * i + 11 * j + 2) % 17 for j in range(n)] for i in range(n)]
    c = [[sum(a[i][k] * b[k][j] for k in range(n)) for j in range(n)] for i in range(n)]
    trace = sum(c[i][i] for i in range(n))
    checksum = sum(c[i][j] * (n * i + j + 1) for i in range(n) for j in range(n)) % M32
    return trace, checksum


def primes_model(limit: int = 2500) -> list[int]:
    return [n for n in range(2, limit) if all(n % d for d in range(2, int(n ** 0.5) + 1))]


# ---------------------------------------------------------------- assembling
@pytest.mark.parametrize("name", WORKLOADS)
def test_the_workload_assembles_and_never_uses_getf_or_setf(name):
    program = assemble_file(PROGRAMS / f"{name}.vl32")
    assert program.entry == program.symbols["boot"]
    opcodes = {word >> 26 for word in program.image.values()}
    assert not opcodes & {0x39, 0x3A}    # GETF, SETF: equivalent under every technique


def test_the_programs_have_the_parameters_the_models_assume():
    symbols = {name: assemble_file(PROGRAMS / f"{name}.vl32").symbols for name in WORKLOADS}
    assert symbols["syscaller"]["ROUNDS"] == 600 and symbols["syscaller"]["NPROC"] == 2
    assert symbols["switcher"]["ROUNDS"] == 250 and symbols["switcher"]["NPROC"] == 4
    assert symbols["cruncher"]["N"] == 16 and symbols["cruncher"]["LIMIT"] == 2500


# ---------------------------------------------------------------- native runs
@pytest.mark.parametrize("name", WORKLOADS)
def test_native_run_halts_within_budget(native, name):
    summary, session = native[name]
    assert session.halted == "halt"
    assert summary["state"] == "halted"
    assert session.cycle <= NATIVE_BUDGET
    assert set(summary["traps"]) <= {"SYSCALL", "TIMER"}    # no process was killed


def test_syscaller_prints_what_its_processes_compute(native):
    summary, _ = native["syscaller"]
    out = lines(summary["console"])
    assert out[0] == "Syscaller kernel: 2 processes, 600 rounds of system calls each"
    expected, all_calls = [], 0
    for pid in (1, 2):
        letters, calls, total, checksum = syscaller_model(pid)
        all_calls += calls
        said = f"[pid {pid}] {letters}"
        report = (f"[sys] process {pid}: {calls} system calls, total {total}, "
                  f"checksum 0x{checksum:08X}")
        expected += [said, report]
        assert out.index(said) < out.index(report)   # a process prints before it exits
    assert sorted(out[1:-1]) == sorted(expected)
    ticks = summary["traps"]["TIMER"]
    assert out[-1] == (f"[sys] all processes have finished: {all_calls} system calls, "
                       f"{ticks} timer ticks; halting")
    assert summary["traps"]["SYSCALL"] == all_calls == 2442


def test_switcher_prints_what_its_processes_compute(native):
    summary, _ = native["switcher"]
    out = lines(summary["console"])
    assert out[0] == "Switcher kernel: 4 processes, quantum 250 cycles"
    expected = [f"[switcher] process {pid} exits, checksum 0x{switcher_model(pid):08X}"
                for pid in (1, 2, 3, 4)]
    assert sorted(out[1:-1]) == sorted(expected)
    last = re.fullmatch(r"\[switcher\] all processes have finished: (\d+) context switches "
                        r"\((\d+) yields, (\d+) preemptions\); halting", out[-1])
    switches, yields, preemptions = map(int, last.groups())
    assert yields == 3 * 250                 # processes 1-3 yield every round; 4 never does
    assert preemptions == summary["traps"]["TIMER"] > 50
    # One switch per yield and per preemption, one to start process 1 and
    # one after each exit but the last.
    assert switches == yields + preemptions + 4
    assert summary["traps"]["SYSCALL"] == 4 + yields + 4      # getpid, yields, exits


def test_cruncher_prints_what_its_processes_compute(native):
    summary, _ = native["cruncher"]
    trace, checksum = matrix_model()
    primes = primes_model()
    ticks = summary["traps"]["TIMER"]
    assert summary["console"] == (
        "Cruncher kernel: 2 computing processes, quantum 20000 cycles\n"
        f"matrix 16x16: trace {trace}, checksum 0x{checksum:08X}\n"
        "[cruncher] process 1 exited with code 0\n"
        f"primes below 2500: {len(primes)}, sum {sum(primes)}\n"
        f"[cruncher] process 2 exited with code {primes[-1]}\n"
        f"[cruncher] all processes have finished after {ticks} timer ticks; halting\n")
    assert summary["traps"]["SYSCALL"] == 6 + 8    # each prints with write/putdec/puthex, exits
    assert ticks <= 15


# ---------------------------------------------------------------- equivalence
def assert_equivalent(vmm_session: Session, native_run, name: str) -> None:
    expected, native_session = native_run
    got = vmm_session.summary()["guests"][name]
    assert got["state"] == "halted"
    assert got["console"] == expected["console"]
    assert got["regs"] == expected["regs"]
    assert got["sr"] == expected["sr"]             # CYCLE and TIMER included: virtual time
    assert got["traps"] == expected["traps"]
    assert instructions(vmm_session, name) == instructions(native_session, name)
    assert vmm_session.guest(name).pc == native_session.guest(name).pc


@pytest.mark.parametrize("name", WORKLOADS)
def test_under_trap_and_emulate_as_shipped_it_matches_native(native, under_vmm, name):
    session, _, _ = under_vmm[name]
    assert session.halted == "halt"
    assert_equivalent(session, native[name], name)


@pytest.mark.parametrize("quantum", [97, 1234, 30_011])
@pytest.mark.parametrize("name", WORKLOADS)
def test_any_vmm_quantum_gives_the_same_guest(native, name, quantum):
    assert_equivalent(run_to_end(shipped(name, quantum=quantum)), native[name], name)


@pytest.fixture(scope="module")
def native_alpha():
    session = run_to_end(shipped("native-alpha"))
    return session.summary()["guests"]["alpha"], session


@pytest.mark.parametrize("name", WORKLOADS)
def test_beside_alpha_both_match_native(native, native_alpha, name):
    scenario = shipped(name, quantum=700)
    scenario.guests = shipped("two-guests").guests[:1] + scenario.guests
    session = run_to_end(scenario)
    assert_equivalent(session, native[name], name)
    assert_equivalent(session, native_alpha, "alpha")


# ---------------------------------------------------------------- character
def per_thousand(count: int, session: Session, name: str) -> float:
    return 1000 * count / instructions(session, name)


def test_the_log_agrees_with_the_vmm_exit_counters(under_vmm):
    for name in WORKLOADS:
        session, exits, _ = under_vmm[name]
        assert session.summary()["guests"][name]["exits"] == dict(sorted(exits.items()))


def test_syscaller_is_dominated_by_system_calls(native, under_vmm):
    session, exits, writes = under_vmm["syscaller"]
    syscalls = exits["SYSCALL"]
    assert syscalls == native["syscaller"][0]["traps"]["SYSCALL"]
    assert per_thousand(syscalls, session, "syscaller") > 15        # measured: about 25
    assert per_thousand(sum(exits.values()), session, "syscaller") > 100
    # Few context switches: one BASE/BOUND pair per switch, a few dozen in all.
    assert writes[SR_BASE] == writes[SR_BOUND] < 60
    assert syscalls > 30 * writes[SR_BASE]
    assert session.summary()["vmm"]["world_switches"] == 0


def test_switcher_is_dominated_by_base_and_bound_writes(native, under_vmm):
    session, exits, writes = under_vmm["switcher"]
    switches = int(re.search(r"(\d+) context switches",
                             native["switcher"][0]["console"]).group(1))
    # Every switch writes BASE and BOUND once: nothing else does.
    assert writes[SR_BASE] == writes[SR_BOUND] == switches > 800
    assert per_thousand(writes[SR_BASE] + writes[SR_BOUND], session, "switcher") > 10
    # ...many more per instruction than the other two workloads.
    for other in ("syscaller", "cruncher"):
        other_session, _, other_writes = under_vmm[other]
        assert (per_thousand(writes[SR_BASE], session, "switcher")
                > 10 * per_thousand(other_writes[SR_BASE], other_session, other))
    assert session.summary()["vmm"]["world_switches"] == 0


def test_cruncher_hardly_exits(under_vmm):
    session, exits, writes = under_vmm["cruncher"]
    assert per_thousand(sum(exits.values()), session, "cruncher") < 10   # measured: about 6
    assert exits["SYSCALL"] == 14
    assert writes[SR_BASE] <= 15
    for other in ("syscaller", "switcher"):
        other_session, other_exits, _ = under_vmm[other]
        assert (per_thousand(sum(other_exits.values()), other_session, other)
                > 8 * per_thousand(sum(exits.values()), session, "cruncher"))
