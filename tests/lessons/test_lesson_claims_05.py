"""Lesson 5 says only what the simulation shows, for every student's parameters.

Each claim of lessons/05-isolation.toml that a student could check against a
panel is checked here, for every combination of its two parameters (the hog's
CPU share, the wild writer's memory): who is still running when, what the
wild writer's writes hit, that Alpha's console and virtual clock match native
Alpha built the same way (not lesson 1's Alpha, built with the student's own
quantum), that the hog delays Alpha in physical cycles, and what the VMM does
with halt-at-once's HALT.
"""

from __future__ import annotations

import re

import pytest

from vmlab.lessons import LessonEngine, draw_parameters, load_lesson
from vmlab.lessons.expr import evaluate, parse
from vmlab.scenario import load_scenario
from vmlab.session import Session

from .helpers import LESSONS, texts

LESSON = LESSONS / "05-isolation.toml"
MARKER = 0x2EB40BAD          # what wild-writer.vl32 stores (its LUI shifts by 14)
FIRST, STRIDE, TRIES = 0x4000, 0xA00, 24     # wild-writer.vl32's addresses
REAL_MEMORY = 65536


def _seeds_for_every_combination() -> dict[tuple[int, int], int]:
    lesson = load_lesson(LESSON)
    wanted = len(lesson.parameters[0].values()) * len(lesson.parameters[1].values())
    found: dict[tuple[int, int], int] = {}
    for seed in range(1, 1000):
        p = draw_parameters(lesson, seed)
        found.setdefault((p["hog_share"], p["writer_memory"]), seed)
        if len(found) == wanted:
            return found
    raise AssertionError("some parameter combinations are never drawn")


COMBINATIONS = _seeds_for_every_combination()


def value(engine, expression):
    return evaluate(parse(expression), engine.functions())


def _native_alpha():
    session = Session(load_scenario("native-alpha"))
    session.run()
    return session


@pytest.fixture(scope="module")
def native():
    session = _native_alpha()
    return {"cycles": session.cycle, "console": session.guest("alpha").console}


def play(seed):
    """Play the lesson, answering right; yield (step id, engine) after each step's actions."""
    engine = LessonEngine(load_lesson(LESSON), seed=seed)
    runner = engine.go(0)
    while runner is not None:
        runner.run_all()
        assert not runner.notes, (engine.step.id, runner.notes)
        yield engine.step.id, engine
        if engine.step.question:
            assert engine.answer(engine.expected()).correct
        runner = engine.next()


@pytest.fixture(scope="module")
def runs(native):
    """What each combination of parameters showed at each step."""
    out = {}
    for (share, memory), seed in sorted(COMBINATIONS.items()):
        seen = {}
        for step_id, engine in play(seed):
            v = lambda expr, engine=engine: value(engine, expr)   # noqa: E731
            s = engine.session
            if step_id == "hog":
                seen["hog"] = {"writer": v("state('wild-writer')"), "alpha": v("state('alpha')"),
                               "hog console": v("console('hog')")}
            elif step_id == "writer":
                seen["prediction"] = engine.expected()
            elif step_id == "memory-size":
                base, size = v("memory_base('wild-writer')"), v("memory_size('wild-writer')")
                owners = s.memory_owners()
                save = s.vmm.save_area_address(s.vmm.by_name["wild-writer"])
                # Where the marker is, apart from the writer's saved r5 in the VMM's save area.
                marked = [a for a, word in enumerate(s.machine.mem)
                          if word == MARKER and not save <= a < save + 32]
                seen["owners"] = {next(o for lo, hi, o in owners if lo <= a < hi) for a in marked}
                seen["marker"] = v("reg('wild-writer', 'r5')")
                seen["writer"] = {"bounds": v("exits('wild-writer', 'BOUNDS')"),
                                  "console": v("console('wild-writer')"),
                                  "halted at": s.cycle, "base": base, "size": size,
                                  "marked": marked, "alpha": v("state('alpha')")}
            elif step_id == "alpha-intact":
                seen["alpha"] = {"state": v("state('alpha')"), "hog": v("state('hog')"),
                                 "console": v("console('alpha')"), "vclock": v("vclock('alpha')"),
                                 "halted at": s.cycle, "prediction": engine.expected()}
            elif step_id == "shares":
                seen["shares"] = engine.expected()
            elif step_id == "alpha-native":
                seen["native"] = {"console": v("console('alpha')"), "cycles": v("cycles()")}
            elif step_id == "garbage":
                seen["garbage"] = {"state": v("state('garbage')"), "alpha": v("state('alpha')"),
                                   "console": v("console('alpha')")}
            elif step_id == "halt-at-once":
                last = s.last_trap_event()
                seen["halt-at-once"] = {"exit guest": last.guest, "cause": last.cause,
                                        "mode": v("mode('halt-at-once')"),
                                        "state": v("state('halt-at-once')"),
                                        "alpha": v("state('alpha')")}
                s.run()                                # "run the simulation on"
                seen["halt-at-once"].update(
                    after=v("state('halt-at-once')"), exits=v("exits('halt-at-once')"),
                    alpha_after=v("state('alpha')"), alpha_console=v("console('alpha')"))
        out[(share, memory)] = seen
    return out


def test_every_combination_of_parameters_is_covered(runs):
    assert len(runs) == 12


def test_the_wild_writers_addresses_are_as_described():
    """"24 addresses from 16,384 to 75,264, most outside its memory, the last few
    beyond the real machine", for every memory size a student can draw."""
    addresses = [FIRST + k * STRIDE for k in range(TRIES)]
    assert addresses[0] == 16_384 and addresses[-1] == 75_264
    assert 0 < sum(a >= REAL_MEMORY for a in addresses) <= 4
    for memory in {m for _, m in COMBINATIONS}:
        assert sum(a >= memory for a in addresses) > TRIES // 2
    source = (LESSON.parent.parent / "assets" / "programs" / "wild-writer.vl32").read_text()
    assert ".equ TRIES, 24" in source and "li    r6, 0x4000" in source
    assert "addi  r6, r6, 0x0A00" in source


def test_the_hog_step_leaves_everybody_running(runs):
    for key, seen in runs.items():
        hog = seen["hog"]
        assert "mine now" in hog["hog console"], key
        # "The wild writer is still at work" when the writer step asks to predict.
        assert hog["writer"] != "halted" and hog["alpha"] != "halted", key


def test_the_prediction_of_bounds_traps_is_what_the_writer_reports(runs):
    for (share, memory), seen in runs.items():
        writer = seen["writer"]
        outside = sum(FIRST + k * STRIDE >= memory for k in range(TRIES))
        assert seen["prediction"] == writer["bounds"] == 2 * outside, (share, memory)
        assert f"stopped by BOUNDS: {writer['bounds']} of 48" in writer["console"]


def test_writes_that_did_not_trap_stayed_in_the_writers_own_partition(runs):
    lesson = LESSON.read_text(encoding="utf-8")
    assert f"`{MARKER:#010X}`".replace("0X", "0x") in lesson
    for key, seen in runs.items():
        assert seen["marker"] == MARKER, key
        writer = seen["writer"]
        inside = [a for a in writer["marked"]
                  if writer["base"] <= a < writer["base"] + writer["size"]]
        assert inside == writer["marked"] and seen["owners"] <= {"wild-writer"}, key
        # Each address below its memory size was written (twice, to the same word).
        assert len(inside) == sum(FIRST + k * STRIDE < writer["size"] for k in range(TRIES))


def test_alpha_is_equivalent_to_native_alpha_built_the_same_way(runs, native):
    for key, seen in runs.items():
        alpha = seen["alpha"]
        assert alpha["state"] == "halted" and alpha["hog"] in ("running", "ready"), key
        assert alpha["console"] == native["console"] == seen["native"]["console"], key
        assert alpha["prediction"] == alpha["vclock"] == native["cycles"] == \
            seen["native"]["cycles"], key
        assert "quantum 1500 cycles" in alpha["console"]     # the shipped build, said in the text
        assert "killed" in alpha["console"]                  # "the intruder killed"
        assert alpha["halted at"] > alpha["vclock"]          # later in physical cycles


def test_the_lessons_alpha_is_not_lesson_1s_alpha():
    """Lesson 1 builds Alpha with the student's own quantum: that console may differ."""
    lesson1 = load_lesson(LESSONS / "01-processes.toml")
    quantum = next(p for p in lesson1.parameters if p.target == "program.alpha.QUANTUM")
    assert len(quantum.values()) > 1


def test_the_writer_halts_long_before_alpha(runs):
    for key, seen in runs.items():
        assert seen["writer"]["alpha"] != "halted", key
        assert seen["writer"]["halted at"] < seen["alpha"]["halted at"] / 2, key


def test_the_hog_delays_alpha_more_the_larger_its_share(runs):
    """Performance is not isolated: the physical halt comes later with a larger share,
    the virtual clock and the console do not change."""
    for memory in {m for _, m in runs}:
        halts = [runs[(share, memory)]["alpha"]["halted at"] for share in (1, 2, 3)]
        assert halts == sorted(halts) and len(set(halts)) == 3, (memory, halts)
        percentages = [runs[(share, memory)]["shares"] for share in (1, 2, 3)]
        assert percentages == sorted(percentages) and len(set(percentages)) == 3
        assert len({runs[(share, memory)]["alpha"]["vclock"] for share in (1, 2, 3)}) == 1


def test_alphas_quanta_pay_for_the_vmms_work_on_its_exits(runs):
    """"Alpha’s quantum also paid for the VMM’s work on its exits, so Alpha’s own code
    got less of it": the hog's part of the guests' own cycles is above its nominal share."""
    for (share, memory), seen in runs.items():
        assert seen["shares"] > 100.0 * share / (share + 1) + 2, (share, memory)


def test_garbage_crashes_and_alpha_runs_on(runs, native):
    for key, seen in runs.items():
        garbage = seen["garbage"]
        assert garbage["state"] == "crashed" and garbage["alpha"] == "halted", key
        assert garbage["console"] == native["console"]


def test_halt_at_once_stops_at_its_halt_and_only_its_vcpu_halts(runs, native):
    for key, seen in runs.items():
        h = seen["halt-at-once"]
        assert h["exit guest"] == "halt-at-once" and h["mode"] == "kernel", key
        assert h["state"] != "halted" and h["alpha"] != "halted", key
        assert h["after"] == "halted" and h["exits"] == 1, key
        assert h["alpha_after"] == "halted" and h["alpha_console"] == native["console"]


# ------------------------------------------------------------------ words
def _catalan() -> str:
    return "\n".join(t.ca for t in texts(load_lesson(LESSON)))


def _english() -> str:
    return "\n".join(t.en for t in texts(load_lesson(LESSON)))


def test_no_overstated_isolation():
    for text in (_english(), _catalan()):
        assert "not even its sense of time" not in text
        assert "ni tan sols la seva percepció del temps" not in text
        assert "That is isolation." not in text and "Això és l’aïllament." not in text
        assert "lesson 1" not in text or "not a fair\ncomparison" in text
        assert "lliçó 1" not in text or "no serveix per comparar" in text
    assert "*practically* isolated" in _english()
    assert "*pràcticament* aïllades" in _catalan()
    assert "48 addresses far beyond" not in _english()


def test_catalan_follows_the_glossary():
    ca = _catalan()
    assert "trampa" not in ca.lower()
    assert not re.search(r"\b(el|del|al|pel|un) VMM\b", ca), "la VMM is feminine"
    # "rellotge" only as the virtual clock: TIMER is the temporitzador, CYCLE the
    # comptador de cicles.
    for m in re.finditer(r"rellotge", ca):
        after = ca[m.end():m.end() + 16]
        assert re.match(r"\s+virtual", after), ca[m.start() - 30:m.end() + 30]
    # "sortida" only for a VM exit.
    for m in re.finditer(r"sortid\w*", ca):
        context = ca[m.start():m.end() + 14]
        assert re.match(r"sortid\w*\s+(de\s+la\s+MV|`BOUNDS`)", context), context
    for wrong in ("canvi de context entre màquines", "llesca", "fallit", "digueu", "Predieu",
                  "la majoria d’instruccions"):
        assert wrong not in ca, wrong
    assert "*trap* (excepció o interrupció)" in ca
    assert "*guests* (convidats)" in ca
    assert "Alpha\nnatiu" in ca or "Alpha natiu" in ca
    assert "l’intrús eliminat" in ca
    assert "quedaran aturades per un *trap*" in ca and "han quedat aturades" in ca
