"""A student's progress: it survives a restart, and a damaged file never crashes the lab."""

import json

import pytest

from vmlab.lessons import LessonEngine, load_lesson
from vmlab.lessons.progress import SEED_FILE, Progress, ProgressStore

from .helpers import LESSONS

LESSON = LESSONS / "03-trap-and-emulate.toml"


@pytest.fixture(scope="module")
def lesson():
    return load_lesson(LESSON)


def _play_to(engine, index):
    """Play up to step `index`, answering the questions on the way (not the last one)."""
    engine.go(0).run_all()
    while engine.index < index:
        if engine.step.question:
            assert engine.answer(engine.expected()).correct
        engine.next().run_all()


def test_progress_survives_a_restart(tmp_path, lesson):
    store = ProgressStore(tmp_path)
    engine = LessonEngine(lesson, seed=11, store=store)
    _play_to(engine, 4)                                  # "reflected"
    assert engine.step.id == "reflected"
    expected = engine.expected()
    assert not engine.answer(expected + 1).correct
    assert engine.answer(expected).correct
    engine.hint()
    params, answers = dict(engine.params), json.loads(json.dumps(engine.progress.answers))

    again = LessonEngine(lesson, store=ProgressStore(tmp_path))    # the lab restarted
    assert again.seed == 11 and again.params == params
    assert again.index == 4 and again.step.id == "reflected"
    assert again.progress.answers == answers
    assert again.progress.answers["reflected"] == {"attempts": 2, "value": expected,
                                                   "correct": True}
    assert again.progress.completed == ["deprivileged", "emulate", "two-statuses", "reflect",
                                        "reflected"]
    assert again.progress.hints == {}                    # step 4 has no hints: nothing counted
    # Resuming rebuilds the simulation the step describes: same computed answer.
    again.go(again.index).run_all()
    assert again.expected() == expected
    assert again.session.cycle == engine.session.cycle
    assert again.session.state_hash() == engine.session.state_hash()


def test_a_new_seed_starts_afresh(tmp_path, lesson):
    store = ProgressStore(tmp_path)
    engine = LessonEngine(lesson, seed=11, store=store)
    engine.go(0).run_all()
    engine.answer(1)
    other = LessonEngine(lesson, seed=12, store=ProgressStore(tmp_path))
    assert other.seed == 12 and other.progress.answers == {} and other.index == 0


def test_saving_is_atomic_and_leaves_no_temporary_files(tmp_path, lesson):
    store = ProgressStore(tmp_path)
    engine = LessonEngine(lesson, seed=3, store=store)
    for _ in range(5):
        engine.go(0).run_all()
        engine.answer(0)
    # (student.json: the student's seed for new lessons; not a temporary file)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([f"{lesson.id}.json",
                                                                 SEED_FILE])
    data = json.loads((tmp_path / f"{lesson.id}.json").read_text(encoding="utf-8"))
    assert data["seed"] == 3 and data["lesson"] == lesson.id


DAMAGED = {
    "garbage bytes": b"\x00\xff\xfe garbage \x81\x9f" * 20,
    "truncated json": b'{"format": 1, "lesson": "trap-and-emulate", "seed": 4, "curr',
    "a list": b"[1, 2, 3]",
    "null": b"null",
    "seed as text": {"seed": "four"},
    "seed as bool": {"seed": True},
    "current negative": {"current": -3},
    "current as float": {"current": 1.5},
    "completed not a list": {"completed": "deprivileged"},
    "completed with numbers": {"completed": [1, 2]},
    "answers as list": {"answers": [1]},
    "answer record as text": {"answers": {"emulate": "right"}},
    "attempts as text": {"answers": {"emulate": {"attempts": "2"}}},
    "value as list": {"answers": {"emulate": {"attempts": 1, "value": [1]}}},
    "hints as text": {"hints": {"emulate": "two"}},
    "wrong lesson": {"lesson": "another-lesson"},
    "wrong format": {"format": 99},
    "deep nesting": b"[" * 100_000 + b"]" * 100_000,
}


def _valid(lesson_id):
    return {"format": 1, "lesson": lesson_id, "seed": 4, "current": 2, "completed": [],
            "answers": {}, "hints": {}}


@pytest.mark.parametrize("name", DAMAGED)
def test_a_damaged_progress_file_is_set_aside(tmp_path, lesson, name):
    damage = DAMAGED[name]
    raw = damage if isinstance(damage, bytes) else json.dumps(
        {**_valid(lesson.id), **damage}).encode()
    store = ProgressStore(tmp_path)
    path = store.path(lesson.id)
    path.write_bytes(raw)
    engine = LessonEngine(lesson, store=store)           # no crash
    assert engine.index == 0 and engine.progress.answers == {}
    assert len(store.warnings) == 1
    assert "damaged" in store.warnings[0] and "corrupt-1" in store.warnings[0]
    aside = path.with_name(f"{path.name}.corrupt-1")
    assert aside.read_bytes() == raw                     # kept for the curious
    # The lesson goes on and saves a healthy file.
    engine.go(0).run_all()
    engine.answer(1)
    assert Progress.from_json(json.loads(path.read_text(encoding="utf-8")), lesson.id)
    assert store.completion(lesson)[1] == len(lesson.steps)


def test_damaged_files_are_numbered(tmp_path, lesson):
    store = ProgressStore(tmp_path)
    path = store.path(lesson.id)
    for n in (1, 2, 3):
        path.write_bytes(b"not json %d" % n)
        store.load(lesson.id)
        assert path.with_name(f"{path.name}.corrupt-{n}").read_bytes() == b"not json %d" % n
    assert len(store.warnings) == 3


def test_completion_never_warns_nor_crashes(tmp_path, lesson):
    store = ProgressStore(tmp_path)
    store.path(lesson.id).parent.mkdir(parents=True, exist_ok=True)
    store.path(lesson.id).write_bytes(b"\xff\xfe")
    assert store.completion(lesson) == (0, len(lesson.steps))
    assert store.warnings == [] and store.path(lesson.id).exists()


def test_an_unreadable_progress_folder_is_reported(tmp_path, lesson):
    store = ProgressStore(tmp_path)
    store.path(lesson.id).mkdir(parents=True)             # a folder where the file should be
    engine = LessonEngine(lesson, store=store)
    assert engine.index == 0 and len(store.warnings) == 1
