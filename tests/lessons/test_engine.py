"""The lesson engine's navigation, actions and metrics (the parts the lessons rely on)."""

import pytest

from vmlab.lessons import LessonEngine, load_lesson
from vmlab.lessons.engine import ActionRunner
from vmlab.lessons.expr import ExprError, evaluate, parse
from vmlab.lessons.loader import LessonError, parse_lesson
from vmlab.lessons.model import Action

from .helpers import LESSONS, solution

HEAD = '''
id = "t"
title = { en = "T", ca = "T" }
summary = { en = "S", ca = "S" }
'''


def lesson_from(tmp_path, body, head=HEAD, name="t.toml"):
    path = tmp_path / name
    path.write_text(head + body, encoding="utf-8")
    return load_lesson(path)


def value(engine, expression):
    return evaluate(parse(expression), engine.functions())


def test_next_continues_back_and_jumps_replay(tmp_path):
    lesson = load_lesson(LESSONS / "02-host-vmm-guests.toml")
    engine = LessonEngine(lesson, seed=1)
    engine.go(0).run_all()
    cycles = []
    for _ in range(4):
        cycles.append(engine.session.cycle)
        engine.next().run_all()
    cycles.append(engine.session.cycle)                 # step 4: the world switch
    assert cycles == [0, 0, 29, 2081, 2081]
    engine.back().run_all()                              # step 3: rebuilt from cycle 0
    assert engine.index == 3 and engine.session.cycle == 2081
    engine.back().run_all()
    assert engine.index == 2 and engine.session.cycle == 29
    engine.go(5).run_all()                               # a jump: every earlier action replayed
    assert engine.session.cycle == 183_770
    assert value(engine, "vclock('alpha')") == 47_062


def test_replay_leaves_out_earlier_window_requests():
    engine = LessonEngine(load_lesson(LESSONS / "02-host-vmm-guests.toml"), seed=1)
    engine.go(4).run_all()
    assert engine.ui_requests == [("select-guest", "beta"), ("open-panel", "registers")]


def test_next_finishes_what_the_previous_step_left_unplayed():
    engine = LessonEngine(load_lesson(LESSONS / "04-popek-goldberg.toml"), seed=1)
    engine.go(2).run_all()                               # native Beta to its end
    runner = engine.next()                               # load two-guests, run to boot_clock
    runner.advance(budget=1000)
    assert not runner.done
    runner = engine.next()                               # leave before it finished
    runner.run_all()
    assert engine.step.id == "vmm-setf"
    assert value(engine, "sr('beta', 'STATUS')") == 3   # as if step 4 had finished


def test_reset_after_an_exercise_restarts_the_lesson_scenario(tmp_path):
    (tmp_path / "prog.vl32").write_text("halt\n", encoding="utf-8")
    lesson = lesson_from(tmp_path, '''
scenario = "native-beta"
[[step]]
text = { en = "Exercise", ca = "Exercici" }
[step.exercise]
program = "prog.vl32"
[[step.exercise.check]]
expect = "state('program') == 'halted'"
explain = { en = "halt", ca = "atura" }
[[step]]
text = { en = "Again", ca = "Un altre cop" }
actions = [ { do = "reset" }, { do = "run-until", label = { guest = "beta", label = "boot_clock" } } ]
''')
    engine = LessonEngine(lesson, seed=1)
    engine.go(0).run_all()
    lesson_run = engine.session
    result = engine.submit_exercise("halt\n")
    assert result.ok and engine.session.guest_names == ["program"]
    assert engine.submit_exercise("halt\n").ok
    engine.next()
    assert engine.session is lesson_run                  # the lesson's run is back
    engine.runner.run_all()
    assert engine.session.guest_names == ["beta"]
    assert value(engine, "reg('beta', 'r7')") == 2


def test_questions_after_an_exercise_see_the_lesson_run():
    engine = LessonEngine(load_lesson(LESSONS / "01-processes.toml"), seed=1)
    index = next(i for i, s in enumerate(engine.lesson.steps) if s.exercise)
    engine.go(index - 1).run_all()
    cycle = engine.session.cycle
    engine.next().run_all()
    engine.submit_exercise(solution("01-syscall-exercise.vl32"))
    listened = []
    engine.session_listeners.append(listened.append)
    engine.next().run_all()
    assert listened and listened[0].guest_names == ["alpha"]
    assert engine.session.cycle == cycle and value(engine, "state('alpha')") == "halted"


def test_run_until_a_guest_halts_while_others_run_on():
    engine = LessonEngine(load_lesson(LESSONS / "05-isolation.toml"), seed=1)
    runner = ActionRunner(engine, [Action("restart"), Action("run-until", {"halt": "alpha"})])
    runner.run_all()
    assert not runner.notes
    session = engine.session
    assert value(engine, "state('alpha')") == "halted"
    assert value(engine, "state('hog')") in ("running", "ready")
    assert not session.halted
    halted_at = next(e.cycle for e in session.log if getattr(e, "new", None) == "halted"
                     and e.guest == "alpha")
    assert session.cycle - halted_at < 100              # stops right after, not a slice later


def test_run_until_never_reached_leaves_a_note(tmp_path):
    lesson = lesson_from(tmp_path, '''
scenario = "native-alpha"
[[step]]
text = { en = "x", ca = "x" }
actions = [ { do = "run-until", vm_exit = { cause = "DIVZERO" }, max_cycles = 5000 } ]
''')
    engine = LessonEngine(lesson, seed=1)
    runner = engine.go(0)
    runner.run_all()
    assert runner.notes and "not reached" in runner.notes[0]


def test_metrics_added_for_the_lessons():
    engine = LessonEngine(load_lesson(LESSONS / "02-host-vmm-guests.toml"), seed=1)
    memory = engine.params["alpha_memory"]
    assert value(engine, "memory_base('alpha')") == 256
    assert value(engine, "memory_size('alpha')") == memory
    assert value(engine, "memory_base('beta')") == 256 + memory
    assert value(engine, "round(2.345, 2)") == 2.35 and value(engine, "round(7.5)") == 8
    native = LessonEngine(load_lesson(LESSONS / "04-popek-goldberg.toml"), seed=1)
    ActionRunner(native, [Action("run-until", {"halt": True})]).run_all()
    assert value(native, "state('beta')") == "halted"   # the bare machine says "halt"
    assert value(native, "memory_base('beta')") == 0
    assert value(native, "memory_size('beta')") == 16_384


def test_length_counts_the_characters_of_a_text():
    engine = LessonEngine(load_lesson(LESSONS / "04-popek-goldberg.toml"), seed=1)
    ActionRunner(engine, [Action("run-until", {"halt": True})]).run_all()
    console = value(engine, "console('beta')")
    assert value(engine, "length(console('beta'))") == len(console) > 0
    assert value(engine, "length('')") == 0 and value(engine, "length('a\\nb')") == 3
    with pytest.raises(ExprError):
        value(engine, "length(3)")


def test_placeholders_only_for_declared_parameters(tmp_path):
    lesson = lesson_from(tmp_path, '''
scenario = "two-guests"
[[parameter]]
name = "q"
min = 1000
max = 1000
set = "scenario.quantum"
[[step]]
text = { en = "q = {q}, {unknown} stays, { do = 1 } stays", ca = "q = {q}" }
hints = [ { en = "{q}!", ca = "{q}!" } ]
[step.question]
kind = "number"
prompt = { en = "{q}?", ca = "{q}?" }
compute = "param('q')"
''')
    engine = LessonEngine(lesson, seed=1)
    step = engine.lesson.steps[0]
    assert step.text.en == "q = 1000, {unknown} stays, { do = 1 } stays"
    assert step.hints[0].ca == "1000!" and step.question.prompt.en == "1000?"
    assert engine.expected() == 1000


def test_inline_scenario_in_both_spellings(tmp_path):
    flat = lesson_from(tmp_path, '''
[scenario]
technique = "trap-and-emulate"
quantum = 500
[[scenario.guest]]
name = "alpha"
program = "alpha"
[[step]]
text = { en = "x", ca = "x" }
''', name="flat.toml")
    nested = lesson_from(tmp_path, '''
[scenario.scenario]
technique = "trap-and-emulate"
quantum = 500
[[scenario.guest]]
name = "alpha"
program = "alpha"
[[step]]
text = { en = "x", ca = "x" }
''', name="nested.toml")
    for lesson in (flat, nested):
        engine = LessonEngine(lesson, seed=1)
        assert engine.scenario.quantum == 500 and engine.scenario.technique == "trap-and-emulate"


def test_validation_follows_load_scenario(tmp_path):
    lesson = lesson_from(tmp_path, '''
scenario = "two-guests"
[[step]]
text = { en = "x", ca = "x" }
actions = [ { do = "load-scenario", scenario = "garbage" }, { do = "select-guest", guest = "garbage" } ]
[step.question]
kind = "text"
prompt = { en = "?", ca = "?" }
compute = "state('garbage')"
''')
    assert lesson.steps[0].actions[1].args == {"guest": "garbage"}
    with pytest.raises(LessonError) as err:
        lesson_from(tmp_path, '''
scenario = "two-guests"
[[step]]
text = { en = "x", ca = "x" }
actions = [ { do = "load-scenario", scenario = "garbage" } ]
[[step]]
text = { en = "y", ca = "y" }
actions = [ { do = "run-until", halt = "beta" } ]
''', name="bad.toml")
    assert "no guest 'beta' in scenario 'garbage'" in str(err.value)


def test_exercise_solutions_really_differ_from_the_starters():
    for lesson_path in sorted(LESSONS.glob("*.toml")):
        for step in load_lesson(lesson_path).steps:
            if step.exercise:
                assert solution(step.exercise.program.name) != step.exercise.starter


def test_parse_lesson_without_a_file():
    with pytest.raises(LessonError) as err:
        parse_lesson(HEAD + 'scenario = "two-guests"\n[[step]]\ntext = { en = "x" }\n', None)
    assert err.value.issues[0].path == "<lesson>"
    assert err.value.issues[0].key == "step[0].text.ca"


def test_an_answer_that_cannot_be_computed_is_none_not_a_crash(tmp_path):
    lesson = lesson_from(tmp_path, '''
scenario = "two-guests"
[[step]]
text = { en = "x", ca = "x" }
[step.question]
kind = "number"
prompt = { en = "?", ca = "?" }
compute = "exits('alpha') * 100 / instructions('alpha')"
[[step]]
text = { en = "y", ca = "y" }
[step.question]
kind = "number"
prompt = { en = "?", ca = "?" }
compute = "min(console('alpha'), 1) + abs(state('beta'))"
''')
    engine = LessonEngine(lesson, seed=1)
    engine.go(0).run_all()                               # cycle 0: no instruction yet
    assert engine.expected() is None and "division by zero" in engine.expected_error
    feedback = engine.answer(0)
    assert not feedback.correct and feedback.expected is None and feedback.attempts == 1
    engine.next().run_all()
    assert engine.expected() is None and "min() needs numbers" in engine.expected_error
    assert not engine.answer(1).correct
