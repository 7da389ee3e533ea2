"""`vmlab lesson new | check | play` as an instructor runs them."""

import pytest

from vmlab.lessons import LessonEngine, load_lesson

from .helpers import LESSON_FILES, vmlab


def test_new_writes_a_template_that_passes_the_check(tmp_path):
    result = vmlab("lesson", "new", "my-lesson", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    path = tmp_path / "my-lesson.toml"
    assert path.is_file() and "vmlab lesson check" in result.stdout
    check = vmlab("lesson", "check", str(path))
    assert check.returncode == 0, check.stderr
    lesson = load_lesson(path)
    assert lesson.id == "my-lesson" and lesson.parameters and lesson.question_count() == 1
    # The template also plays to its end.
    engine = LessonEngine(lesson, seed=1)
    runner = engine.go(0)
    while runner is not None:
        runner.run_all()
        if engine.step.question:
            assert engine.answer(engine.expected()).correct
        runner = engine.next()


def test_new_refuses_bad_ids_and_existing_files(tmp_path):
    bad = vmlab("lesson", "new", "My Lesson", cwd=tmp_path)
    assert bad.returncode == 2 and "not a valid id" in bad.stderr
    assert "Traceback" not in bad.stderr
    assert vmlab("lesson", "new", "x", cwd=tmp_path).returncode == 0
    again = vmlab("lesson", "new", "x", cwd=tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr
    assert vmlab("lesson", "new", "x", "--force", cwd=tmp_path).returncode == 0
    other = vmlab("lesson", "new", "y", "--output", str(tmp_path / "sub-y.toml"))
    assert other.returncode == 0 and (tmp_path / "sub-y.toml").is_file()


@pytest.mark.parametrize("path", LESSON_FILES, ids=lambda p: p.stem)
def test_play_every_lesson_in_catalan(path):
    result = vmlab("lesson", "play", str(path), "--lang", "ca", "--seed", "3")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "WRONG" not in result.stdout and "note:" not in result.stdout
    lesson = load_lesson(path)
    assert lesson.title.ca in result.stdout
    assert result.stdout.count("(correcta)") == lesson.question_count()   # --lang ca


def test_play_by_id_in_english():
    result = vmlab("lesson", "play", "processes", "--seed", "2")
    assert result.returncode == 0, result.stderr
    assert "Processes: the illusion of a whole machine" in result.stdout
    assert "'quantum': 2000" in result.stdout
    assert "exercise with the starter code: 2/4 checks pass" in result.stdout
