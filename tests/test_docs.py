"""The English and Catalan documents are twins: same files, same skeleton.

Every docs/X.md has a Catalan twin docs/X.ca.md and the other way round; the
top-level README.md's twin is docs/README.ca.md.  Twins have the same headings
(level by level, in order), the same tables (rows and columns), the same
number of code blocks with the same shell commands, and the same images (the
Catalan one may show the Catalan screenshot, NAME.ca.png, of NAME.png).
Only text is parsed: this file runs in a few milliseconds.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
README = ROOT / "README.md"
README_CA = DOCS / "README.ca.md"

# docs/*.ca.md written only in Catalan, on purpose (none for now).
CATALAN_ONLY: set[str] = set()
# docs/*.md written only in English, on purpose (none for now).
ENGLISH_ONLY: set[str] = set()


def _docs(pattern: str) -> list[Path]:
    return sorted(p for p in DOCS.rglob(pattern) if p.is_file())


def _english_docs() -> list[Path]:
    return [p for p in _docs("*.md") if not p.name.endswith(".ca.md")]


def _catalan_docs() -> list[Path]:
    return _docs("*.ca.md")


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def catalan_twin(english: Path) -> Path:
    if english == README:
        return README_CA
    return english.with_name(english.name[:-len(".md")] + ".ca.md")


def english_twin(catalan: Path) -> Path:
    if catalan == README_CA:
        return README
    return catalan.with_name(catalan.name[:-len(".ca.md")] + ".md")


def twins() -> list[tuple[Path, Path]]:
    pairs = [(README, README_CA)]
    pairs += [(p, catalan_twin(p)) for p in _english_docs()
              if _rel(p) not in ENGLISH_ONLY and catalan_twin(p).exists()]
    return pairs


# ------------------------------------------------------------------ parsing
FENCE = re.compile(r"^\s*(```|~~~)(.*)$")


class Doc:
    """The skeleton of a Markdown file: what must match between twins."""

    def __init__(self, path: Path):
        self.path = path
        self.headings: list[int] = []           # level of each heading, in order
        self.tables: list[tuple[int, int]] = []  # (rows, columns) of each table
        self.code_blocks: list[tuple[str, list[str]]] = []   # (info string, lines)
        self.images: list[str] = []             # targets of ![alt](target), in order
        self.first_block_line: int | None = None   # line number of the first fence
        self.title_line: int | None = None

        lines = path.read_text(encoding="utf-8").splitlines()
        fence: str | None = None
        block: list[str] = []
        info = ""
        table_rows = 0
        table_columns = 0
        for number, line in enumerate(lines, 1):
            match = FENCE.match(line)
            if fence is not None:
                if match and match.group(1) == fence and not match.group(2).strip():
                    self.code_blocks.append((info, block))
                    fence = None
                else:
                    block.append(line)
                continue
            if match:
                fence, info, block = match.group(1), match.group(2).strip(), []
                if self.first_block_line is None:
                    self.first_block_line = number
                table_rows = self._end_table(table_rows, table_columns)
                continue
            stripped = line.strip()
            if stripped.startswith("|"):
                table_rows += 1
                if re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", stripped):
                    table_columns = stripped.count("|") - 1
            else:
                table_rows = self._end_table(table_rows, table_columns)
            heading = re.match(r"(#{1,6})\s+\S", line)
            if heading:
                self.headings.append(len(heading.group(1)))
                if self.title_line is None:
                    self.title_line = number
            self.images += re.findall(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)", line)
        assert fence is None, f"{_rel(path)}: a code block is never closed"
        self._end_table(table_rows, table_columns)
        self.lines = lines

    def _end_table(self, rows: int, columns: int) -> int:
        if rows:
            self.tables.append((rows, columns))
        return 0

    def commands(self, info: str = "sh") -> list[list[str]]:
        """The shell blocks, comments and trailing blanks left out."""
        return [[re.sub(r"\s+#.*$", "", line).rstrip() for line in block]
                for kind, block in self.code_blocks if kind == info]


_parsed: dict[Path, Doc] = {}


def doc(path: Path) -> Doc:
    if path not in _parsed:
        _parsed[path] = Doc(path)
    return _parsed[path]


def english_image(target: str) -> str:
    """screenshots/window.ca.png -> screenshots/window.png"""
    return re.sub(r"\.ca(\.[A-Za-z0-9]+)$", r"\1", target)


# ------------------------------------------------------------------ every file has its twin
def test_every_english_document_has_a_catalan_twin():
    assert _english_docs(), "no documents found in docs/"
    missing = [f"{_rel(p)} -> {_rel(catalan_twin(p))}" for p in [README, *_english_docs()]
               if _rel(p) not in ENGLISH_ONLY and not catalan_twin(p).exists()]
    assert not missing, "documents without a Catalan twin:\n" + "\n".join(missing)


def test_every_catalan_document_has_an_english_twin():
    missing = [f"{_rel(p)} -> {_rel(english_twin(p))}" for p in _catalan_docs()
               if _rel(p) not in CATALAN_ONLY and not english_twin(p).exists()]
    assert not missing, "Catalan documents without an English twin:\n" + "\n".join(missing)


def test_the_exception_lists_name_real_files():
    for name in CATALAN_ONLY | ENGLISH_ONLY:
        assert (ROOT / name).is_file(), f"{name} is listed as single-language but does not exist"


# ------------------------------------------------------------------ twins match
PAIRS = twins()
IDS = [_rel(ca) for _, ca in PAIRS]


@pytest.mark.parametrize("english, catalan", PAIRS, ids=IDS)
def test_twins_have_the_same_headings(english, catalan):
    en, ca = doc(english), doc(catalan)
    assert en.headings, f"{_rel(english)}: no headings found"
    for level in range(1, 7):
        assert en.headings.count(level) == ca.headings.count(level), \
            f"level-{level} headings: {en.headings.count(level)} in {_rel(english)}, " \
            f"{ca.headings.count(level)} in {_rel(catalan)}"
    assert en.headings == ca.headings, "the headings are in a different order"


@pytest.mark.parametrize("english, catalan", PAIRS, ids=IDS)
def test_twins_have_the_same_tables(english, catalan):
    en, ca = doc(english), doc(catalan)
    assert sum(rows for rows, _ in en.tables) == sum(rows for rows, _ in ca.tables), \
        "a different number of table rows"
    assert en.tables == ca.tables, \
        f"tables as (rows, columns): {en.tables} in {_rel(english)}, {ca.tables} in {_rel(catalan)}"


@pytest.mark.parametrize("english, catalan", PAIRS, ids=IDS)
def test_twins_have_the_same_code_blocks(english, catalan):
    en, ca = doc(english), doc(catalan)
    assert len(en.code_blocks) == len(ca.code_blocks), \
        f"{len(en.code_blocks)} code blocks in {_rel(english)}, " \
        f"{len(ca.code_blocks)} in {_rel(catalan)}"
    assert [kind for kind, _ in en.code_blocks] == [kind for kind, _ in ca.code_blocks]
    # Commands are never translated (their comments may be).
    assert en.commands() == ca.commands(), "the shell commands differ"


@pytest.mark.parametrize("english, catalan", PAIRS, ids=IDS)
def test_twins_show_the_same_images(english, catalan):
    en, ca = doc(english), doc(catalan)

    def files(path, targets):   # the picture files, whatever folder the document is in
        return [(path.parent / t).resolve().relative_to(ROOT).as_posix() for t in targets]

    assert files(english, en.images) == files(catalan, [english_image(t) for t in ca.images]), \
        f"images: {en.images} in {_rel(english)}, {ca.images} in {_rel(catalan)}"
    english_screenshots = [t for t in ca.images if t.startswith("screenshots/")
                           and english_image(t) == t]
    assert not english_screenshots, \
        f"{_rel(catalan)} should show the Catalan screenshots (NAME.ca.png): {english_screenshots}"


@pytest.mark.parametrize("english, catalan", PAIRS, ids=IDS)
def test_twins_link_to_each_other(english, catalan):
    en_text = english.read_text(encoding="utf-8")
    ca_text = catalan.read_text(encoding="utf-8")
    to_ca = catalan.relative_to(english.parent).as_posix()
    assert f"]({to_ca})" in en_text, f"{_rel(english)} does not link to {to_ca}"
    to_en = "../README.md" if english == README else english.name
    assert f"]({to_en})" in ca_text, f"{_rel(catalan)} does not link to {to_en}"


# ------------------------------------------------------------------ the README's first lines
def test_both_readmes_start_with_the_same_two_commands():
    blocks = []
    for path in (README, README_CA):
        d = doc(path)
        assert d.title_line is not None and d.code_blocks, f"{_rel(path)}: no title or no commands"
        between = d.lines[d.title_line:d.first_block_line - 1]
        assert d.title_line < d.first_block_line and not any(line.strip() for line in between), \
            f"{_rel(path)}: the commands must come right after the title"
        info, block = d.code_blocks[0]
        assert info == "sh"
        commands = [line for line in block if line.strip()]
        assert len(commands) == 2, f"{_rel(path)}: the first block should hold exactly two commands"
        blocks.append(commands)
    assert blocks[0] == blocks[1]
    install, test = blocks[0]
    assert install.endswith(".venv/bin/vmlab") and "pytest" in test
