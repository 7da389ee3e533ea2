"""One seed per student across the course: every new lesson starts with the same numbers."""

import json

from vmlab.lessons.progress import SEED_FILE, ProgressStore


def test_every_new_lesson_gets_the_students_seed(tmp_path):
    store = ProgressStore(tmp_path / "progress")
    first = store.load("processes").seed
    assert store.load("host-vmm-guests").seed == first
    assert ProgressStore(tmp_path / "progress").load("isolation").seed == first   # a restart
    saved = json.loads((tmp_path / "progress" / SEED_FILE).read_text(encoding="utf-8"))
    assert saved["seed"] == first


def test_a_lesson_already_started_keeps_its_own_seed(tmp_path):
    store = ProgressStore(tmp_path / "progress")
    progress = store.load("processes")
    progress.seed = 4242
    store.save(progress)
    assert store.load("processes").seed == 4242
    assert store.load("isolation").seed == store.student_seed()


def test_a_damaged_seed_file_is_replaced(tmp_path):
    folder = tmp_path / "progress"
    folder.mkdir()
    (folder / SEED_FILE).write_text("{not json", encoding="utf-8")
    store = ProgressStore(folder)
    seed = store.load("processes").seed
    assert 0 <= seed < 100_000
    assert store.load("isolation").seed == seed
