"""The course's lessons are read once, and again when an author changes a file."""

import os

from vmlab.lessons import loader


def test_the_lessons_are_kept_until_a_file_changes(tmp_path, monkeypatch):
    source = next(loader.lessons_dir().glob("01-*.toml"))
    for path in loader.lessons_dir().glob("01-*"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    monkeypatch.setattr(loader, "lessons_dir", lambda: tmp_path)
    loads = []
    real = loader.load_lesson
    monkeypatch.setattr(loader, "load_lesson", lambda p: loads.append(p) or real(p))
    first = loader.shipped_lessons()
    again = loader.shipped_lessons()
    assert [lesson.id for lesson in first] == [lesson.id for lesson in again]
    assert len(loads) == 1                                  # read once
    lesson_file = tmp_path / source.name
    text = lesson_file.read_text(encoding="utf-8")
    lesson_file.write_text(text.replace("\n", "\n\n", 1), encoding="utf-8")
    stat = lesson_file.stat()
    os.utime(lesson_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    loader.shipped_lessons()
    assert len(loads) == 2                                  # the author's edit is read
