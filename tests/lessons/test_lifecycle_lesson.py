"""Lesson 8 (the lifecycle) and what it needs of the engine: the `snapshot` and `restore`
actions, a pause that waits for the VMM, the snapshot_* and migration_* metrics, checked
when a lesson is read (names, earlier snapshots, a scenario that migrates), and the
lesson's claims against runs made here."""

import gc

import pytest

from vmlab.lessons import LessonEngine, load_lesson
from vmlab.lessons.expr import ExprError, evaluate, parse
from vmlab.lessons.loader import LessonError, apply_parameter, load_named_scenario
from vmlab.messages import render
from vmlab.observe.vocabulary import GuestState
from vmlab.session import Session

from .helpers import LESSONS, play

HEAD = '''
id = "t"
title = { en = "T", ca = "T" }
summary = { en = "S", ca = "S" }
scenario = "two-guests"
'''


def lesson_from(tmp_path, body, head=HEAD):
    path = tmp_path / "t.toml"
    path.write_text(head + body, encoding="utf-8")
    return load_lesson(path, strict=True)


def value(engine, text):
    return evaluate(parse(text), engine.functions())


SNAPSHOTS = '''
[[step]]
text = { en = "Save alpha", ca = "Deseu alpha" }
actions = [ { do = "run-until", cycle = 30000 }, { do = "snapshot", guest = "alpha", name = "first" } ]
capture = { clock = "vclock('alpha')", printed = "console('alpha')" }
[[step]]
text = { en = "Again", ca = "Una altra" }
actions = [ { do = "resume", guest = "alpha" }, { do = "run", cycles = 20000 },
            { do = "snapshot", guest = "alpha", name = "second", base = "first" } ]
[[step]]
text = { en = "Back", ca = "Enrere" }
actions = [ { do = "restore", guest = "alpha", name = "first" } ]
'''


# ---------------------------------------------------------------------------- the actions
def test_snapshot_pauses_saves_in_the_engines_folder_and_records_the_sizes(tmp_path):
    engine = LessonEngine(lesson_from(tmp_path, SNAPSHOTS), seed=1)
    runner = engine.go(0)
    runner.run_all()
    assert not runner.errors and not runner.notes
    s = engine.session
    # Alpha was on the CPU at 30,000: the action played on to the VMM's decision.
    assert s.guest("alpha").state == GuestState.PAUSED and s.guest("alpha").pending is None
    assert s.cycle > 30_000
    full = engine.snapshots[("alpha", "first")]
    memory = s.guest("alpha").size
    assert full["blocks"] == full["total_blocks"] == memory // 64
    assert full["memory"] == memory * 4
    assert 0 < full["touched"] < full["total_blocks"]
    files = sorted(p.name for p in engine.snapshot_path("alpha", "first").parent.iterdir())
    assert files == ["alpha-first.mem", "alpha-first.vmsnap.json"]
    assert engine.snapshot_path("alpha", "first").parent != tmp_path
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.toml"]
    assert value(engine, "snapshot_blocks('alpha', 'first')") == full["blocks"]
    assert value(engine, "snapshot_bytes('alpha', 'first')") == memory * 4
    assert value(engine, "snapshot_touched('alpha', 'first')") == full["touched"]
    assert value(engine, "snapshot_total_blocks('alpha', 'first')") == memory // 64

    runner = engine.next()
    runner.run_all()
    assert not runner.errors
    diff = engine.snapshots[("alpha", "second")]
    assert 0 < diff["blocks"] < full["blocks"] and diff["memory"] == diff["blocks"] * 64 * 4
    assert value(engine, "snapshot_blocks('alpha', 'second')") == diff["blocks"]

    runner = engine.next()                      # restore the first: back in its time
    runner.run_all()
    assert not runner.errors
    alpha = engine.session.guest("alpha")
    assert alpha.state != GuestState.PAUSED      # resumed
    assert alpha.vclock == engine.progress.captured["clock"]
    assert alpha.console == engine.progress.captured["printed"]


def test_a_lesson_rebuilt_takes_the_same_snapshots_again(tmp_path):
    engine = LessonEngine(lesson_from(tmp_path, SNAPSHOTS), seed=1)
    engine.go(1).run_all()
    sizes = dict(engine.snapshots)
    engine.go(0).run_all()                       # back: rebuilt from cycle 0
    assert set(engine.snapshots) == {("alpha", "first")}
    engine.go(2).run_all()                       # a jump: every earlier step again
    assert engine.snapshots == sizes
    folder = engine.snapshot_path("alpha", "first").parent
    assert folder.is_dir()
    del engine
    gc.collect()
    assert not folder.exists()                  # the engine's folder goes with it


def test_pause_plays_on_until_the_vmm_has_paused_the_guest(tmp_path):
    engine = LessonEngine(lesson_from(tmp_path, '''
[[step]]
text = { en = "x", ca = "x" }
actions = [ { do = "run-until", cycle = 30000 }, { do = "pause", guest = "alpha" } ]
capture = { stopped_at = "cycles()" }
'''), seed=1)
    probe = Session(engine.scenario)
    probe.run(until_cycle=30_000)
    probe.pause_guest("alpha")
    assert probe.guest("alpha").pending is not None   # Alpha's: at the VMM's next decision
    engine.go(0).run_all()
    s = engine.session
    assert s.guest("alpha").state == GuestState.PAUSED
    probe.run_until(lambda x: x.guest("alpha").pending is None, max_cycles=10_000)
    assert engine.progress.captured["stopped_at"] == probe.cycle == s.cycle


def test_a_snapshot_that_cannot_be_restored_is_told_at_play_time(tmp_path):
    engine = LessonEngine(lesson_from(tmp_path, '''
[[step]]
text = { en = "x", ca = "x" }
actions = [ { do = "run", cycles = 5000 }, { do = "snapshot", guest = "alpha", name = "a" } ]
[[step]]
text = { en = "y", ca = "y" }
actions = [ { do = "restore", guest = "alpha", name = "a" } ]
'''), seed=1)
    engine.go(0).run_all()
    memory = engine.snapshot_path("alpha", "a").with_suffix("").with_suffix(".mem")
    memory.write_bytes(b"x")                    # damaged between the two steps
    before = engine.session.state_hash()
    runner = engine.next()
    runner.run_all()
    assert runner.errors and "alpha-a.mem" in runner.errors[0].en
    assert engine.session.state_hash() == before and \
        engine.session.guest("alpha").state == GuestState.PAUSED
    runner = engine.go(1)                       # rebuilt: saved again, and restored
    runner.run_all()
    assert not runner.errors


# ---------------------------------------------------------------------------- the checks
@pytest.mark.parametrize("actions, fragment", [
    ('{ do = "snapshot", guest = "alpha", name = "../x" }', "not a path"),
    ('{ do = "snapshot", guest = "alpha", name = "a" }, '
     '{ do = "snapshot", guest = "alpha", name = "a" }', "already has a snapshot 'a'"),
    ('{ do = "snapshot", guest = "alpha", name = "a", base = "zero" }', "no snapshot 'zero' here"),
    ('{ do = "snapshot", guest = "beta", name = "a" }, '
     '{ do = "snapshot", guest = "alpha", name = "b", base = "a" }', "no snapshot 'a' here"),
    ('{ do = "restore", guest = "alpha", name = "a" }', "no snapshot 'a' taken earlier"),
    ('{ do = "snapshot", guest = "alpha", name = "a" }, '
     '{ do = "load-scenario", scenario = "two-guests-bt" }, '
     '{ do = "restore", guest = "alpha", name = "a" }', "no snapshot 'a' taken earlier"),
    ('{ do = "snapshot", guest = "gamma", name = "a" }', "no guest 'gamma'"),
    ('{ do = "snapshot", guest = "alpha" }', "needs 'name'"),
    ('{ do = "restore", guest = "alpha", name = "a", base = "b" }', "unknown key"),
])
def test_snapshot_actions_are_checked_when_the_lesson_is_read(tmp_path, actions, fragment):
    with pytest.raises(LessonError, match=fragment.replace("(", r"\(")):
        lesson_from(tmp_path, f'''
[[step]]
text = {{ en = "x", ca = "x" }}
actions = [ {actions} ]
''')


def test_snapshots_need_a_vmm(tmp_path):
    with pytest.raises(LessonError, match="needs a VMM"):
        lesson_from(tmp_path, '''
[[step]]
text = { en = "x", ca = "x" }
actions = [ { do = "snapshot", guest = "alpha", name = "a" } ]
''', HEAD.replace("two-guests", "native-alpha"))


@pytest.mark.parametrize("compute, fragment", [
    ("snapshot_blocks('alpha', 'later')", "no snapshot 'later' of 'alpha' is taken before here"),
    ("snapshot_touched('beta', 'a')", "no snapshot 'a' of 'beta'"),
    ("migration_rounds()", "migrates no guest"),
])
def test_metrics_name_snapshots_taken_before_and_a_scenario_that_migrates(tmp_path, compute,
                                                                         fragment):
    with pytest.raises(LessonError, match=fragment) as caught:
        lesson_from(tmp_path, f'''
[[step]]
text = {{ en = "x", ca = "x" }}
actions = [ {{ do = "snapshot", guest = "alpha", name = "a" }} ]
[step.question]
kind = "number"
prompt = {{ en = "?", ca = "?" }}
compute = "{compute}"
[[step]]
text = {{ en = "y", ca = "y" }}
actions = [ {{ do = "snapshot", guest = "alpha", name = "later" }} ]
''')
    catalan = caught.value.render("ca")
    assert "instantània" in catalan or "migra" in catalan


def test_the_messages_read_in_catalan(tmp_path):
    with pytest.raises(LessonError) as caught:
        lesson_from(tmp_path, '''
[[step]]
text = { en = "x", ca = "x" }
actions = [ { do = "restore", guest = "alpha", name = "a" } ]
''')
    assert "no té cap instantània 'a' presa abans" in caught.value.render("ca")


# ---------------------------------------------------------------------------- migration
def test_migration_metrics_read_the_sessions_figures(tmp_path):
    engine = LessonEngine(lesson_from(tmp_path, '''
[[step]]
text = { en = "x", ca = "x" }
actions = [ { do = "run-until", cycle = 25000 } ]
[[step]]
text = { en = "y", ca = "y" }
actions = [ { do = "run-until", cycle = 40000 } ]
''', HEAD.replace("two-guests", "migrate-converges")), seed=1)
    engine.go(0).run_all()
    assert value(engine, "migration_phase()") == "pre-copy"
    with pytest.raises(ExprError, match="has not got that far"):
        value(engine, "migration_downtime()")
    engine.next().run_all()
    figures = engine.session.migration()
    assert figures["phase"] == "done"
    assert value(engine, "migration_rounds()") == figures["rounds"] >= 2
    assert value(engine, "migration_downtime()") == figures["downtime_cycles"] > 0
    assert value(engine, "migration_traffic()") == figures["traffic_factor"]
    assert value(engine, "migration_words()") == figures["total_words_sent"]
    assert value(engine, "migration_stop()") == figures["stop_reason"]
    for number in range(1, figures["rounds"] + 1):
        assert value(engine, f"migration_sent({number})") == figures["words_sent"][number - 1]
        assert value(engine, f"migration_dirtied({number})") == \
            figures["words_dirtied"][number - 1]
    with pytest.raises(ExprError, match="round 9 has not been done"):
        value(engine, "migration_sent(9)")
    plain = LessonEngine(lesson_from(tmp_path, '''
[[step]]
text = { en = "x", ca = "x" }
'''), seed=1)
    with pytest.raises(ExprError) as caught:
        value(plain, "migration_traffic()")
    assert "no migra cap guest" in render(caught.value.args[0], "ca")


# ---------------------------------------------------------------------------- identity
@pytest.mark.parametrize("scenario, same", [("clone", False), ("clone-same-identity", True)])
def test_identity_metrics_read_the_identity_device(tmp_path, scenario, same):
    engine = LessonEngine(lesson_from(tmp_path, '''
[[step]]
text = { en = "x", ca = "x" }
actions = [ { do = "run-until", cycle = 30000 } ]
''', HEAD.replace("two-guests", scenario)), seed=1)
    engine.go(0).run_all()
    s = engine.session
    for name in ("original", "clone"):
        assert value(engine, f"machine_id('{name}')") == s.identity(name)["machine_id"]
        assert value(engine, f"generation('{name}')") == s.identity(name)["generation"]
    assert (value(engine, "machine_id('clone') == machine_id('original')") is True) == same
    assert f"[id 0x{value(engine, 'machine_id(' + chr(39) + 'clone' + chr(39) + ')'):08x}]" in \
        s.guest("clone").console
    with pytest.raises(LessonError, match="no guest 'copy'"):
        lesson_from(tmp_path, '''
[[step]]
text = { en = "x", ca = "x" }
[step.question]
kind = "number"
prompt = { en = "?", ca = "?" }
compute = "machine_id('copy')"
''', HEAD.replace("two-guests", scenario))


# ---------------------------------------------------------------------------- lesson 8
LESSON = LESSONS / "08-lifecycle.toml"


def _reference(alpha_memory):
    """The lesson's scenario run to the end with nothing paused, saved or restored."""
    engine = LessonEngine(load_lesson(LESSON), seed=1)
    scenario = apply_parameter(engine.scenario, "guest.alpha.memory", alpha_memory)
    session = Session(scenario)
    session.run(scenario.max_cycles)
    return session


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_lesson_8_says_what_the_simulation_does(seed):
    engine = LessonEngine(load_lesson(LESSON), seed=seed)
    reference = _reference(engine.params["alpha_memory"])
    answers = {}
    runner = engine.go(0)
    while True:
        runner.run_all()
        assert not runner.errors and not runner.notes
        step = engine.step
        s = engine.session
        if step.id == "paused":
            captured = engine.progress.captured
            assert s.guest("beta").state == GuestState.PAUSED
            assert s.guest("beta").vclock == captured["beta_clock"]
            assert value(engine, "guest_cycles('beta')") == captured["beta_before"]
            assert engine.expected() > 0
        if step.id == "resume":
            assert s.guest("beta").console == reference.guest("beta").console
            assert s.guest("alpha").state == GuestState.HALTED
            assert engine.progress.captured["alpha_whole"] == reference.guest("alpha").console
        if step.id == "snapshot":
            full = engine.snapshots[("alpha", "first")]
            assert full["blocks"] == engine.params["alpha_memory"] // 64
            assert engine.expected() < full["blocks"] // 10     # "a handful"
        if step.id == "diff":
            assert 0 < engine.expected() < engine.snapshots[("alpha", "first")]["blocks"] // 10
        if step.id == "power":
            assert engine.expected() == 2
        if step.id == "restore":
            assert engine.expected() is True
            assert s.guest("alpha").console == reference.guest("alpha").console
        if step.id == "disk-copy":
            assert engine.expected() is True
        if step.id == "clone":
            assert engine.expected() is True
            assert s.clone_report()["phase"] == "done"
            assert value(engine, "generation('clone')") == value(engine, "generation('original')") + 1
        if step.id == "migrate":
            figures = s.migration()
            assert figures["phase"] == "done" and figures["stop_reason"] == "converged"
            assert figures["rounds"] == 2 and engine.expected() < 1000
        if step.id == "never-converges":
            figures = s.migration()
            assert figures["phase"] == "done" and figures["stop_reason"] == "dirty-rate"
            assert figures["downtime_cycles"] > 10 * engine.progress.captured["converges_downtime"]
            assert round(engine.expected()) == 2
        if step.question:
            answers[step.id] = engine.expected()
            assert engine.answer(answers[step.id]).correct
        runner = engine.next()
        if runner is None:
            break
    assert set(answers) == {s.id for s in engine.lesson.steps}


def test_lesson_8_plays_in_both_languages_as_the_walkthrough_does():
    for lang in ("en", "ca"):
        engine = LessonEngine(load_lesson(LESSON), seed=3)
        engine.language = lang
        log = play(engine)
        assert len(log) == 12


def test_lesson_8_names_the_shipped_scenarios_it_loads():
    for name in ("disk-copy", "migrate-converges", "migrate-never-converges"):
        assert load_named_scenario(name, LESSONS).name == name
