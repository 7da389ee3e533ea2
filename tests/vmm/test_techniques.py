"""The technique registry: the one list every surface reads."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from vmlab.scenario import ScenarioError, load_scenario, parse_scenario
from vmlab.vmm import techniques
from vmlab.vmm.techniques import TechniqueInfo

ROOT = Path(__file__).resolve().parents[2]


def test_the_registry_knows_native_first_then_the_vmm_techniques():
    infos = techniques.all_techniques()
    assert infos[0].name == "native" and infos[0].native and infos[0].max_guests == 1
    assert "trap-and-emulate" in techniques.technique_names()
    for info in infos[1:]:
        if info.partitioned:        # type 0: hardware partitions, no VMM and no technique
            assert not info.native and not info.under_vmm and info.create() is None
            continue
        assert info.under_vmm and info.technique is not None
        assert info.create().name == info.name       # the class answers to its own name
    with pytest.raises(KeyError, match="known: native"):
        techniques.get("magic")


def test_registering_a_name_twice_differently_is_refused():
    info = techniques.get("native")
    assert techniques.register(info) is info          # the same entry again: harmless
    with pytest.raises(ValueError, match="twice"):
        techniques.register(TechniqueInfo("native", "another label"))


def test_scenarios_accept_exactly_the_registered_techniques(tmp_path):
    names = techniques.technique_names()
    with pytest.raises(ScenarioError) as caught:
        parse_scenario({"scenario": {"technique": "magic"}, "guest": [{"program": "alpha"}]},
                       "x", None)
    assert f"must be one of {', '.join(names)}" in str(caught.value)
    two = load_scenario("two-guests")
    assert two.technique_info is techniques.get("trap-and-emulate") and not two.native
    # Switching technique keeps as many guests as the technique runs.
    assert [g.name for g in two.with_technique("native").guests] == ["alpha"]
    assert two.with_technique("native").native


def _table_techniques(path: Path) -> list[str]:
    """The `technique =` column of the techniques table in a guide."""
    rows = re.findall(r"^\| [^|]+ \| `([a-z0-9-]+)` \|", path.read_text(encoding="utf-8"), re.M)
    return rows


@pytest.mark.parametrize("guide", ["guide.md", "guide.ca.md"])
def test_the_guides_table_lists_the_registry(guide):
    assert _table_techniques(ROOT / "docs" / guide) == list(techniques.technique_names())


# Technique names that stand for something else there (a lesson's id, a picture's name).
NOT_A_TECHNIQUE = {("vmlab/gui/screenshots.py", "trap-and-emulate"),
                   ("vmlab/gui/screenshots.py", "native")}


def test_no_other_list_of_technique_names_in_the_code():
    """A technique's name is written only in the module that registers it (and the registry)."""
    names = set(techniques.technique_names())
    offenders = []
    for path in sorted((ROOT / "vmlab").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        registers = any(isinstance(node, ast.Call) and getattr(node.func, "id", "") ==
                        "TechniqueInfo" for node in ast.walk(tree))
        if registers:
            continue
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and node.value in names
                    and (rel, node.value) not in NOT_A_TECHNIQUE):
                offenders.append(f"{rel}:{node.lineno} {node.value!r}")
    assert not offenders, "technique names outside their own modules:\n" + "\n".join(offenders)
