"""docs/bytecode.md and bytecode.ca.md quote what the machine does.

The table of the price of interpretation gives the figures `vmlab bytecode
run primes` measures, grouped as each language writes numbers; the example
refusal is the verifier's own message, in each guide's language; the
instruction table lists every opcode of vmlab/bytecode/isa.py.
"""

from __future__ import annotations

import re

import pytest

from vmlab.bytecode import BytecodeError, assemble, isa, run, verify
from vmlab.bytecode.vl32 import load_interpreter, run_vl32

from .helpers import CORPUS, ROOT, SHIPPED

DOCS = {"en": ROOT / "docs" / "bytecode.md", "ca": ROOT / "docs" / "bytecode.ca.md"}


def number(value: int, lang: str) -> str:
    return f"{value:,}".replace(",", "." if lang == "ca" else ",")


@pytest.mark.parametrize("lang", ["en", "ca"])
def test_the_price_table_is_what_the_machine_measures(lang):
    text = DOCS[lang].read_text(encoding="utf-8")
    program = next(p for p in SHIPPED if p.stem == "primes")
    from vmlab.bytecode import assemble_file
    vm = run_vl32(assemble_file(program), interpreter=load_interpreter())
    rows = re.findall(r"^\| [^|]+ \| ([\d.,]+) \|$", text, re.MULTILINE)
    per = f"{vm.per_bytecode:.1f}"
    assert rows == [number(vm.steps, lang), number(vm.instructions, lang),
                    number(vm.cycles, lang), per.replace(".", ",") if lang == "ca" else per]
    assert vm.steps == run(assemble_file(program)).steps


@pytest.mark.parametrize("lang", ["en", "ca"])
def test_the_example_refusal_is_the_verifiers_message(lang):
    text = DOCS[lang].read_text(encoding="utf-8")
    shown = re.search(r"^vmlab: (loop\.vlb:.*)$", text, re.MULTILINE).group(1)
    source = next(p for p in CORPUS if p.stem == "loop_growth").read_text(encoding="utf-8")
    with pytest.raises(BytecodeError) as caught:
        verify(assemble(source, "loop.vlb"))
    assert shown == caught.value.render(lang)


@pytest.mark.parametrize("lang", ["en", "ca"])
def test_every_opcode_is_in_the_table(lang):
    text = DOCS[lang].read_text(encoding="utf-8")
    for op in isa.OPS:
        assert re.search(rf"^\| 0x[0-9A-F–x]+ \| `[^`]*\b{op.name}\b", text, re.MULTILINE), \
            op.name
    assert f"{isa.MAGIC:#010X}".replace("0X", "0x") in text
