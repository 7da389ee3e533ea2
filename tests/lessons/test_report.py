"""`vmlab lesson report` and `vmlab lesson verify`: work a student hands in, checked from
its seed without trusting the student's own marks."""

import json

from vmlab.lessons import LessonEngine, load_lesson
from vmlab.lessons.progress import ProgressStore
from vmlab.lessons.rehearse import wrong_answer

from .helpers import LESSONS, solution, vmlab

LESSON = LESSONS / "01-processes.toml"


def _student(folder, seed=11):
    """A student who answers every question right except the second, passes the exercise,
    and whose progress is saved where `--progress` points."""
    store = ProgressStore(folder)
    engine = LessonEngine(load_lesson(LESSON), seed=seed, store=store)
    runner, questions, wrong_step = engine.go(0), 0, None
    while runner is not None:
        runner.run_all()
        step = engine.step
        if step.question:
            questions += 1
            expected = engine.expected()
            if questions == 2:
                wrong_step = step.id
                assert not engine.answer(wrong_answer(step.question, expected)).correct
            else:
                assert engine.answer(expected).correct
        if step.exercise:
            source = solution(step.exercise.program.name)
            engine.progress.sources[step.id] = source     # as the exercise editor keeps it
            assert engine.submit_exercise(source).ok
        runner = engine.next()
    store.save(engine.progress)
    return engine, wrong_step


def _write(tmp_path, *extra):
    out = tmp_path / "work.json"
    result = vmlab("lesson", "report", str(LESSON), "--progress", str(tmp_path / "progress"),
                   "--output", str(out), *extra)
    assert result.returncode == 0, result.stderr
    return out, result


def test_round_trip_verifies_and_scores(tmp_path):
    engine, wrong_step = _student(tmp_path / "progress")
    out, written = _write(tmp_path)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["lesson"] == engine.lesson.id and data["seed"] == 11
    steps = {s["step"]: s for s in data["steps"]}
    total = len(steps)
    assert steps[wrong_step]["correct"] is False and steps[wrong_step]["attempts"] == 1
    exercise = next(s for s in data["steps"] if s["kind"] == "exercise")
    assert exercise["correct"] and "halt" in exercise["source"]
    assert f"{total - 1} of {total} marked right" in written.stdout
    result = vmlab("lesson", "verify", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Total: {total - 1} of {total} right" in result.stdout
    assert "The report verifies" in result.stdout
    line = next(l for l in result.stdout.splitlines() if l.strip().startswith(wrong_step))
    assert "wrong" in line and "expected" in line
    ca = vmlab("lesson", "verify", str(out), "--lang", "ca")
    assert ca.returncode == 0 and "L’informe és vàlid" in ca.stdout


def test_a_tampered_report_is_caught(tmp_path):
    _, wrong_step = _student(tmp_path / "progress")
    out, _ = _write(tmp_path)
    data = json.loads(out.read_text(encoding="utf-8"))
    for step in data["steps"]:
        if step["step"] == wrong_step:
            step["correct"] = True                  # the student marks the wrong answer right
    out.write_text(json.dumps(data), encoding="utf-8")
    result = vmlab("lesson", "verify", str(out))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "does NOT verify" in result.stdout
    line = next(l for l in result.stdout.splitlines() if l.strip().startswith(wrong_step))
    assert "THE REPORT SAYS RIGHT" in line
    # A different answer with the mark kept: recomputed from the seed, it is wrong.
    data = json.loads(out.read_text(encoding="utf-8"))
    first = next(s for s in data["steps"] if s["kind"] == "question" and s["correct"]
                 and s["step"] != wrong_step)
    first["answer"] = "999999"
    out.write_text(json.dumps(data), encoding="utf-8")
    result = vmlab("lesson", "verify", str(out))
    assert result.returncode == 1 and "does NOT verify" in result.stdout
    # Another seed: the answers no longer fit the parameters.
    data = json.loads(out.read_text(encoding="utf-8"))
    data["seed"] = 12
    data["lesson_sha256"] = "0" * 64
    out.write_text(json.dumps(data), encoding="utf-8")
    result = vmlab("lesson", "verify", str(out))
    assert "lesson file changed" in result.stdout


def test_malformed_reports_exit_2_with_line_or_key(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{\n "format": "vmlab-lesson-report",\n "seed": ,\n}\n', encoding="utf-8")
    result = vmlab("lesson", "verify", str(bad))
    assert result.returncode == 2 and f"{bad}:3:" in result.stderr
    assert "Traceback" not in result.stderr
    _student(tmp_path / "progress")
    out, _ = _write(tmp_path)
    data = json.loads(out.read_text(encoding="utf-8"))
    data["steps"][1]["attempts"] = "many"
    data["seed"] = -1
    data["lesson"] = "../../etc/passwd"            # an id, never a path
    out.write_text(json.dumps(data), encoding="utf-8")
    result = vmlab("lesson", "verify", str(out))
    assert result.returncode == 2
    assert "steps[1].attempts" in result.stderr and "seed" in result.stderr
    assert "lesson: expected the lesson's id" in result.stderr
    bad.write_text('{"format": "pickle"}', encoding="utf-8")
    result = vmlab("lesson", "verify", str(bad))
    assert result.returncode == 2 and "not a vmlab lesson report" in result.stderr


def test_an_exercise_tried_with_the_starter_code_reports_the_starter(tmp_path):
    store = ProgressStore(tmp_path / "progress")
    engine = LessonEngine(load_lesson(LESSON), seed=3, store=store)
    runner = engine.go(0)
    while runner is not None:
        runner.run_all()
        if engine.step.exercise:
            starter = engine.step.exercise.starter
            result = engine.submit_exercise(starter)       # no copy kept: it is the starter
            step_id = engine.step.id
        runner = engine.next()
    store.save(engine.progress)
    out, _ = _write(tmp_path)
    entry = next(s for s in json.loads(out.read_text(encoding="utf-8"))["steps"]
                 if s["step"] == step_id)
    assert entry["source"] == starter and entry["correct"] == result.ok
    verified = vmlab("lesson", "verify", str(out))
    assert verified.returncode == 0, verified.stdout + verified.stderr

