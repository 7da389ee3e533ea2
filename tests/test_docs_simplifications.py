"""docs/guide.md and its Catalan twin tell teachers where vmlab idealizes (issue 8)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"

# (heading, what each item must mention) in each language
EXPECTED = {
    "guide.md": ("## What vmlab simplifies", [
        r"Exact virtual time", r"steal time", r"Popek and Goldberg's equivalence",
        r"leaves timing aside", r"One CPU", r"No caches, no TLB",
        r"`BASE`/`BOUND` instead of paging", r"Costs are a model",
        r"Isolation of performance is not perfect", r"\*practically\* isolated"]),
    "guide.ca.md": ("## Què simplifica vmlab", [
        r"temps virtual exacte", r"steal time", r"L’equivalència de Popek i Goldberg",
        r"deixa expressament de banda els temps", r"Una sola CPU", r"Sense memòries cau ni TLB",
        r"`BASE`/`BOUND` en lloc de paginació", r"Els costos són un model",
        r"L’aïllament del rendiment no és perfecte", r"\*pràcticament\* aïllades"]),
}


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    following = re.search(r"^## ", text[start + len(heading):], re.MULTILINE)
    return text[start:start + len(heading) + following.start()] if following else text[start:]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_guide_says_what_vmlab_simplifies(name):
    heading, phrases = EXPECTED[name]
    text = (DOCS / name).read_text(encoding="utf-8")
    assert heading in text, f"{name}: no section {heading!r}"
    section = _section(text, heading)
    for phrase in phrases:
        assert re.search(phrase, section), f"{name}: the section does not mention {phrase!r}"
    # Six items, in the same order in both languages.
    assert len(re.findall(r"^- \*\*", section, re.MULTILINE)) == 6


def test_the_quoted_costs_are_the_models():
    """'An exit and an entry cost 40 cycles' is what the cost model says."""
    from vmlab.vmm.costs import CostModel
    costs = CostModel()
    assert costs.vm_exit + costs.vm_entry == 40
    for name in EXPECTED:
        assert re.search(r"\b40 (cycles|cicles)\b", (DOCS / name).read_text(encoding="utf-8"))
