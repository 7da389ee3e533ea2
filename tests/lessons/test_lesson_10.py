"""Lesson 10 (emulators, language virtual machines, containers) and the two metrics it
added: vmm_cycles(guest) and memory_used().  The lesson's claims are checked against runs
made here: the emulator's price per Toy8 instruction (docs/emulator.md), the bytecode
machine against the reference interpreter (docs/bytecode.md), and containers against two
virtual machines as vmlab.containers.measure reads them (docs/containers.md)."""

import pytest

from vmlab.bytecode import interp
from vmlab.bytecode.vl32 import bytecode_dir, load_bytecode
from vmlab.containers import DEAD, FINISHED, measure
from vmlab.lessons import LessonEngine, load_lesson
from vmlab.lessons.expr import NUMBER, ExprError, check, evaluate, infer, parse
from vmlab.lessons.loader import load_named_scenario
from vmlab.lessons.metrics import argument_validator, metric_functions
from vmlab.observe.vocabulary import GuestState
from vmlab.scenario import load_scenario
from vmlab.session import Session

from .helpers import LESSONS, play, vmlab

LESSON = LESSONS / "10-language-vms-emulators-containers.toml"


def value(source, text):
    functions = source.functions() if isinstance(source, LessonEngine) \
        else metric_functions(source, {})
    return evaluate(parse(text), functions)


def finished(name: str) -> Session:
    scenario = load_scenario(name)
    session = Session(scenario)
    session.run(scenario.max_cycles)
    return session


# ---------------------------------------------------------------------------- the metrics
def test_vmm_cycles_of_a_guest_are_the_vmm_cycles_charged_to_it():
    s = finished("two-vms")
    per_guest = {g: value(s, f"vmm_cycles('{g}')") for g in s.guest_names}
    for guest, cycles in per_guest.items():
        assert cycles == s.counters().guests[guest].vmm_cycles > 0
    assert sum(per_guest.values()) == value(s, "vmm_cycles()") == s.cycles_by_bucket()["vmm"]
    native = finished("containers")
    assert value(native, "vmm_cycles('kernel')") == value(native, "vmm_cycles()") == 0
    with pytest.raises(ExprError):
        value(s, "vmm_cycles('vm3')")


def test_memory_used_is_what_the_memory_map_gives_an_owner():
    vms = finished("two-vms")
    spans = vms.memory_map().spans
    assert value(vms, "memory_used()") == sum(end - start for start, end, owner in spans
                                              if owner != "free")
    assert value(vms, "memory_used()") == measure("two-vms").memory_total
    native = finished("containers")
    assert value(native, "memory_used()") == measure("containers").memory_total \
        == native.guest("kernel").size
    # Free host memory is not counted: a scenario with room to spare.
    two_guests = Session(load_scenario("two-guests"))
    free = sum(e - b for b, e, owner in two_guests.memory_map().spans if owner == "free")
    assert free > 0
    assert value(two_guests, "memory_used()") == two_guests.memory_map().total - free


def test_the_check_knows_the_new_metrics():
    validate = argument_validator(["vm1", "vm2"], set(), {})
    functions = metric_functions(None, {})
    formula = parse("vmm_cycles('vm1') + vclock('vm1') - memory_used()")
    check(formula, functions, validate)
    assert infer(formula, functions) == NUMBER
    for bad in ("vmm_cycles('vm3')", "memory_used('vm1')", "vmm_cycles('vm1', 'vm2')"):
        with pytest.raises(ExprError):
            check(parse(bad), functions, validate)
    for bad in ("length(memory_used())", "length(vmm_cycles('vm1'))"):       # numbers, not text
        with pytest.raises(ExprError):
            infer(parse(bad), functions)


# ---------------------------------------------------------------------------- lesson 10
@pytest.fixture(scope="module")
def figures():
    return {name: measure(name) for name in ("containers", "two-vms", "containers-crash",
                                             "two-vms-crash")}


def test_lesson_10_says_what_the_simulation_does(figures):
    engine = LessonEngine(load_lesson(LESSON), seed=1)
    reference = interp.run(load_bytecode(bytecode_dir() / "primes.vlb"))
    answers = {}
    runner = engine.go(0)
    while True:
        runner.run_all()
        assert not runner.errors and not runner.notes
        step, s = engine.step, engine.session
        if step.id == "emulator":                      # mid-run, about twenty per Toy8 one
            assert s.guest("emulator").state != GuestState.HALTED
            assert 18 <= engine.expected() <= 26
            price_so_far = engine.expected()
        if step.id == "near-native":
            whole = value(engine, "instructions('emulator') * 1.0 / reg('emulator', 'r8')")
            assert abs(whole - price_so_far) < 0.5       # "about the same price to the end"
            assert 1 < engine.expected() < 1.2            # "a few per cent more than native"
            assert price_so_far > 10 * engine.expected()
        if step.id == "bytecode":
            assert 11 < engine.expected() < 20            # "about fifteen, eleven the loop"
            # The same bytecode, the same output and steps on the Python interpreter.
            assert s.guest("vlb").console == reference.output
            assert value(engine, "reg('vlb', 'r13')") == reference.steps
        if step.id == "one-process":
            assert engine.expected() == 0
            assert value(engine, "guest_cycles('vlb', 'user')") == 0
        if step.id == "one-kernel":
            assert engine.expected() == s.cycle < figures["containers"].startup["c1"].ready_at
            assert engine.progress.captured["containers_memory"] \
                == figures["containers"].memory_total
        if step.id == "create-group":
            c1 = figures["containers"].startup["c1"]
            assert engine.expected() == c1.total and s.cycle == c1.ready_at
        if step.id == "vm-start":
            c1 = figures["two-vms"].startup["c1"]
            assert c1.boots_kernel and engine.expected() == c1.total
            assert engine.expected() > 3 * figures["containers"].startup["c1"].total
        if step.id == "memory":
            assert engine.expected() == (figures["two-vms"].memory_total
                                         - figures["containers"].memory_total) > 0
            assert figures["two-vms"].consoles == figures["containers"].consoles
        if step.id == "containers-crash":
            assert figures["containers-crash"].outcome == {"c1": DEAD, "c2": DEAD}
            console = s.guest("kernel").console
            request = console.index("[c1] asking the kernel to clear counter #2")
            assert "round #1" not in console[request:] and engine.expected() > 1000
        if step.id == "vms-crash":
            assert engine.expected() is True
            assert figures["two-vms-crash"].outcome == {"c1": DEAD, "c2": FINISHED}
            assert s.guest("vm2").console == finished("two-vms").guest("vm2").console
        if step.question:
            answers[step.id] = engine.expected()
            assert engine.answer(answers[step.id]).correct
        runner = engine.next()
        if runner is None:
            break
    assert set(answers) == {s.id for s in engine.lesson.steps}


def test_lesson_10_plays_in_both_languages_as_the_walkthrough_does():
    for lang in ("en", "ca"):
        engine = LessonEngine(load_lesson(LESSON), seed=3)
        engine.language = lang
        log = play(engine)
        assert len(log) == 12


def test_lesson_10_names_the_shipped_scenarios_it_loads():
    for name in ("bytecode-vm", "containers", "two-vms", "containers-crash", "two-vms-crash"):
        assert load_named_scenario(name, LESSONS).name == name


def test_lesson_10_on_the_command_line():
    """Right answers, wrong answers and Catalan, as `vmlab lesson play` prints them."""
    right = vmlab("lesson", "play", str(LESSON))
    assert right.returncode == 0, right.stdout + right.stderr
    assert right.stdout.count("(correct)") == 12
    wrong = vmlab("lesson", "play", str(LESSON), "--answers", "wrong")
    assert wrong.returncode == 0, wrong.stdout + wrong.stderr
    assert wrong.stdout.count("(wrong, as scripted)") == 12
    ca = vmlab("lesson", "play", str(LESSON), "--lang", "ca")
    assert ca.returncode == 0, ca.stdout + ca.stderr
    assert ca.stdout.count("(correcta)") == 12 and "Un emulador: Toy8 sobre VL32" in ca.stdout


def test_what_the_verifier_step_tells_the_student_to_try():
    refused = vmlab("bytecode", "check", "tests/bytecode/corpus/depth_mismatch.vlb")
    assert refused.returncode == 2 and "depth_mismatch.vlb:" in refused.stderr
    both = vmlab("bytecode", "run", "primes")
    assert both.returncode == 0 and "the same output" in both.stdout
