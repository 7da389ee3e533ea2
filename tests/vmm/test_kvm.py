"""A general-purpose OS with VMM services, kvm-like (issue 16, item 2;
docs/hypervisor-types.md, section 5).

The host kernel's scheduler runs the virtual machines beside ordinary host
processes, in one round robin.  A process runs in user mode on the host with
Alpha's system calls; each of its traps is one step of the host kernel
(host-kernel) and a return (host-return), never a VM exit, attributed to the
"host" bucket and charged to the process.  The guests behave exactly as on
the bare machine.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vmlab.observe.accounting import BUCKET_HOST
from vmlab.observe.events import GuestStateChange, VmExit, WorldSwitch
from vmlab.scenario import ScenarioError, load_scenario
from vmlab.session import Session
from vmlab.vmm.host_os import HostSyscall

from .helpers import WITNESS, guest, make_scenario, shipped
from .test_hardware_assist import check_isolation_hw
from .test_isolation import native_witness_console, valid_instruction

PROCESS_SCENARIO = """\
[scenario]
technique = "{technique}"
hosting = "{hosting}"
quantum = 500

[[guest]]
name = "cruncher"
program = "cruncher"

[[process]]
name = "{name}"
program = "{program}"
"""


def run(scenario, max_cycles: int = 10**7) -> Session:
    session = Session(scenario)
    session.run(max_cycles)
    assert session.halted, "the scenario should run to its end"
    return session


def events_of(session: Session, cls) -> list:
    events, _ = session.events.read(None)
    return [e for e in events if isinstance(e, cls)]


@pytest.fixture(scope="module")
def kvm():
    return run(shipped("kvm"))


def process_scenario(tmp_path, source: str, *, technique="hardware-assist-2", hosting="kvm",
                     name="proc"):
    (tmp_path / "proc.vl32").write_text(source, encoding="utf-8")
    path = tmp_path / "mine.toml"
    path.write_text(PROCESS_SCENARIO.format(technique=technique, hosting=hosting, name=name,
                                            program="proc"), encoding="utf-8")
    return load_scenario(str(path))


def test_the_shipped_scenario_is_two_vms_and_a_host_process():
    scenario = load_scenario("kvm")
    assert scenario.hosting == "kvm"
    assert [(g.name, g.process) for g in scenario.guests] == [
        ("alpha", False), ("cruncher", False), ("backup", True)]


def test_a_host_process_and_two_guests_share_the_cpu(kvm):
    """While the process lives, the CPU goes round all three, again and again."""
    exited = next(e.cycle for e in events_of(kvm, GuestStateChange)
                  if e.guest == "backup" and e.new == "halted")
    owners = []
    for start, _end, bucket in kvm.timeline():
        if start >= exited:
            break
        owner = bucket.split(".")[0]
        if owner in ("alpha", "cruncher", "backup") and (not owners or owners[-1] != owner):
            owners.append(owner)
    assert owners.count("backup") >= 5
    for name in ("alpha", "cruncher"):
        assert owners.count(name) >= 5
    switches = [e for e in events_of(kvm, WorldSwitch) if e.cycle < exited]
    assert {e.to_guest for e in switches} == {"alpha", "cruncher", "backup"}


def test_the_process_does_its_work_through_system_calls(kvm):
    backup = kvm.guest("backup")
    assert backup.console.splitlines() == (
        ["backup: host OS process, pid 1"]
        + [f"backup: round {n} checksummed" for n in range(1, 7)] + ["backup: finished."])
    assert backup.state == "halted"
    calls = events_of(kvm, HostSyscall)
    assert {e.guest for e in calls} == {"backup"}
    assert calls[0].name == "getpid" and calls[0].result == 1
    assert calls[-1].name == "exit" and calls[-1].argument == 0
    summary = kvm.summary()
    assert summary["vmm"]["host"]["syscalls"] == len(calls)
    assert summary["guests"]["backup"]["kind"] == "process"
    # Its traps are its own and the host kernel's: no VM exit is ever a process's.
    assert all(e.guest != "backup" for e in events_of(kvm, VmExit))
    assert kvm.counters().guests["backup"].exits == {}


def test_the_host_bucket_is_the_host_kernels_work_for_the_process(kvm):
    """Every cycle of the host bucket is charged to the process; the process is charged
    those and the world switches to it (the VMM's), nothing else."""
    totals = kvm.cycles_by_bucket()
    charged = kvm.counters().guests["backup"].vmm_cycles
    switch_cost = kvm.scenario.costs.world_switch
    to_backup = sum(1 for e in events_of(kvm, WorldSwitch) if e.to_guest == "backup")
    assert totals[BUCKET_HOST] == charged - switch_cost * to_backup > 0
    assert totals["backup.kernel"] == 0 and totals["backup.user"] > 0
    assert sum(totals.values()) == kvm.cycle


def test_the_guests_behave_as_on_the_bare_machine(kvm):
    for name, native in (("alpha", "native-alpha"), ("cruncher", "native-cruncher")):
        alone = run(shipped(native)).guest(name)
        mine = kvm.guest(name)
        assert (mine.console, mine.regs, mine.vclock) == (alone.console, alone.regs,
                                                          alone.vclock)
        assert mine.sr == alone.sr


SYSCALLS = """\
.org 0
        la    r1, text
        syscall 1               ; write: 2 characters
        mov   r10, r1
        li    r1, 0x7FFF0
        syscall 1               ; write from outside its memory: -1
        mov   r11, r1
        li    r1, 99
        syscall 9               ; unknown: -1
        mov   r12, r1
        syscall 4               ; yield
        li    r1, 5
        syscall 3               ; exit(5)
text:   .string "ok"
"""


def test_system_calls_and_their_errors(tmp_path):
    session = run(process_scenario(tmp_path, SYSCALLS))
    proc = session.guest("proc")
    assert proc.console == "ok"
    assert proc.regs[10:13] == [2, 0xFFFF_FFFF, 0xFFFF_FFFF]
    assert proc.state == "halted"
    calls = events_of(session, HostSyscall)
    assert [(c.name, c.result) for c in calls] == [
        ("write", 2), ("write", 0xFFFF_FFFF), ("unknown", 0xFFFF_FFFF),
        ("yield", 0xFFFF_FFFF),                         # r1 as it was
        ("exit", None)]
    stop = [e for e in events_of(session, GuestStateChange) if e.guest == "proc"]
    assert stop[-1].reason == "exit(5)"


def test_a_yield_gives_the_cpu_to_the_guest_at_once(tmp_path):
    session = run(process_scenario(tmp_path, SYSCALLS))
    calls = events_of(session, HostSyscall)
    yielded = next(c.cycle for c in calls if c.name == "yield")
    switch = next(e for e in events_of(session, WorldSwitch) if e.cycle >= yielded)
    assert (switch.to_guest, switch.cycle) == ("cruncher", yielded
                                               + session.scenario.costs.world_switch)


def test_a_faulting_process_is_killed_and_the_guest_goes_on(tmp_path):
    session = run(process_scenario(tmp_path, ".org 0\n        li r1, 1\n        halt\n"))
    killed = [e for e in events_of(session, GuestStateChange) if e.guest == "proc"]
    assert killed[-1].new == "crashed"
    assert killed[-1].reason == "killed by the host kernel: PRIV at 0x0001"
    cruncher = session.guest("cruncher")
    assert cruncher.state == "halted"
    assert cruncher.console == run(shipped("native-cruncher")).guest("cruncher").console


def test_a_process_takes_no_vm_commands(kvm):
    session = Session(load_scenario("kvm"))
    session.run(5000)
    assert session.guest_commands("backup") == ()
    refusal = str(session.command_refusal("backup", "pause"))
    assert "backup is a host process, not a virtual machine" in refusal
    assert "backup is a host process" in str(session.snapshot_refusal("backup"))
    assert session.guest_commands("alpha")              # the guests take them


@pytest.mark.parametrize("technique,hosting,key,message", [
    ("hardware-assist-2", "type-1", "process",
     "[[process]] tables are host processes, which need a general-purpose host OS"),
    ("trap-and-emulate", "kvm", "scenario.technique",
     "hosting 'kvm' runs its virtual machines with the CPU's guest mode"),
])
def test_a_process_needs_kvm_and_kvm_needs_hardware_assist(tmp_path, technique, hosting, key,
                                                           message):
    with pytest.raises(ScenarioError) as caught:
        process_scenario(tmp_path, ".org 0\n syscall 3\n", technique=technique,
                         hosting=hosting)
    text = str(caught.value)
    assert "mine.toml:" in text and f": {key}: " in text and message in text
    assert caught.value.render("ca") != text


def test_kvm_without_a_process_and_a_name_used_twice_are_refused(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('[scenario]\ntechnique = "hardware-assist-1"\nhosting = "kvm"\n'
                    '[[guest]]\nname = "alpha"\nprogram = "alpha"\n', encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(str(path))
    assert "add at least one [[process]] table" in str(caught.value)
    assert "mine.toml:3: scenario.hosting: " in str(caught.value)
    with pytest.raises(ScenarioError) as caught:
        process_scenario(tmp_path, ".org 0\n syscall 3\n", name="cruncher")
    assert "process[0].name: 'cruncher' is used by two guests" in str(caught.value)


def test_another_technique_drops_the_host_and_its_processes():
    scenario = load_scenario("kvm")
    assert [g.name for g in scenario.with_technique("hardware-assist-1").guests] == [
        "alpha", "cruncher", "backup"]
    other = scenario.with_technique("trap-and-emulate")
    assert other.hosting == "type-1"
    assert [g.name for g in other.guests] == ["alpha", "cruncher"]


def test_the_process_takes_the_same_cycles_in_both_languages():
    english, catalan = run(load_scenario("kvm")), run(load_scenario("kvm", lang="ca"))
    assert english.cycle == catalan.cycle
    assert english.cycles_by_bucket() == catalan.cycles_by_bucket()
    assert catalan.guest("backup").console.startswith("backup: procés amfitrió, pid 1\n")


def test_stepping_back_keeps_the_host_kernels_counts():
    session = Session(load_scenario("kvm"))
    session.run(60_000)
    before = (session.summary()["vmm"]["host"], session.cycles_by_bucket())
    session.run(until_cycle=90_000)
    session.step_back(30_000)
    assert session.cycle == 60_000
    assert (session.summary()["vmm"]["host"], session.cycles_by_bucket()) == before


def test_the_documents_figures_are_the_simulations(kvm):
    """docs/hypervisor-types.md, section 5, "Measured": the table and the sentence after it
    are what the runs give, in both languages ("," and "." between thousands)."""
    k = load_scenario("kvm")
    bare = run(dataclasses.replace(k, hosting="type-1",
                                   guests=[g for g in k.guests if not g.process]))
    totals, vmm = kvm.cycles_by_bucket(), kvm.summary()["vmm"]
    charged = kvm.counters().guests["backup"].vmm_cycles
    to_backup = sum(1 for e in events_of(kvm, WorldSwitch) if e.to_guest == "backup")
    switches = to_backup * kvm.scenario.costs.world_switch
    later = kvm.cycle - bare.cycle
    # What the sentence claims: the VMs end exactly the process's cycles later.
    assert later == totals["backup.user"] + charged
    assert charged == vmm["host"]["cycles"] + switches == totals[BUCKET_HOST] + switches
    table = [kvm.cycle, totals["backup.user"], vmm["host"]["cycles"], vmm["cycles"], bare.cycle]
    in_rows = {2: [vmm["host"]["syscalls"]], 3: [vmm["exits"], vmm["world_switches"]]}
    sentence = [kvm.cycle, bare.cycle, later, totals["backup.user"], charged,
                vmm["host"]["cycles"], to_backup, switches]
    docs = Path(__file__).resolve().parents[2] / "docs"
    for doc, sep in (("hypervisor-types.md", ","), ("hypervisor-types.ca.md", ".")):
        def numbers(text: str) -> list[int]:
            return [int(n.replace(sep, ""))
                    for n in re.findall(rf"(?<![\w.,])\d{{1,3}}(?:{re.escape(sep)}\d{{3}})*"
                                        rf"(?![\w]|{re.escape(sep)}\d)", text)]

        text = (docs / doc).read_text(encoding="utf-8")
        lines = text[text.index("`vmlab run --scenario kvm --json`"):].splitlines()
        start = next(i for i, line in enumerate(lines) if line.startswith("|"))
        end = next(i for i in range(start, len(lines)) if not lines[i].startswith("|"))
        rows = [[c.strip() for c in line.strip().strip("|").split("|")]
                for line in lines[start + 2:end]]
        assert [numbers(row[-1]) for row in rows] == [[n] for n in table], doc
        for i, expected in in_rows.items():
            assert numbers(rows[i][0]) == expected, (doc, rows[i][0])
        after = lines[end:]
        first = next(i for i, line in enumerate(after) if line.strip())
        last = next((i for i in range(first, len(after)) if not after[i].strip()), len(after))
        paragraph = " ".join(after[first:last])
        assert sorted(numbers(paragraph)) == sorted(sentence), (doc, paragraph)


def test_vmlab_run_names_the_host_process_and_the_host_kernels_work(capsys):
    from vmlab.cli.main import main
    assert main(["run", "--scenario", "kvm"]) == 0
    out = capsys.readouterr().out
    assert "=== backup (host process, halted) ===" in out
    assert "=== alpha (halted) ===" in out
    summary = run(shipped("kvm")).summary()["vmm"]["host"]
    assert (f"host OS kernel: {summary['cycles']:,} cycles, {summary['syscalls']:,} system calls"
            in out)



# ---------------------------------------------------------------------- isolation
@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(valid_instruction(), st.integers(0, 2**32 - 1)), min_size=1,
                max_size=48), st.sampled_from(["hardware-assist-1", "hardware-assist-2"]))
def test_a_generated_host_process_never_escapes(words, technique):
    """Whatever a host process runs (random words, random instructions, system calls with
    any code and any pointer), no host word outside its memory changes but what the VMM
    writes for the guests, the guest beside it behaves as on the bare machine, and nothing
    raises."""
    source = ".org 0\n" + "".join(f".word {w}\n" for w in words)
    process = dataclasses.replace(guest("adv", source, memory=1024), process=True)
    scenario = dataclasses.replace(
        make_scenario(guest("witness", WITNESS, memory=1024), process, quantum=300,
                      host_memory=256 + 2048 + 512, technique=technique), hosting="kvm")
    session = Session(scenario, checkpoint_interval=1 << 60)
    check_isolation_hw(session, "adv", 10_000)
    view = session.guest("witness")
    assert view.console == native_witness_console(view.vclock)
    assert session.guest("adv").state in ("ready", "running", "halted", "crashed")


def test_scenario_check_names_the_host_processes_apart(capsys):
    from vmlab.cli.main import main
    assert main(["scenario", "check", "kvm"]) == 0
    out = capsys.readouterr().out
    assert "guests alpha, cruncher; host processes backup" in out
