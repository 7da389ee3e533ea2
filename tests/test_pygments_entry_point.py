"""After installation, Pygments finds the VL32 lexer by name: `pygmentize -l vl32 FILE`."""

import subprocess
import sys
from pathlib import Path

from pygments.lexers import get_lexer_by_name

ROOT = Path(__file__).resolve().parents[1]


def test_the_lexer_is_registered_under_vl32():
    lexer = get_lexer_by_name("vl32")
    assert type(lexer).__name__ == "VL32Lexer"


def test_pygmentize_highlights_a_program():
    program = ROOT / "assets" / "programs" / "hello.vl32"
    result = subprocess.run([sys.executable, "-m", "pygments", "-l", "vl32", "-f", "html",
                             str(program)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    html = result.stdout
    # Mnemonics, privileged instructions, registers and comments get their own classes.
    assert '<span class="k">' in html          # an ordinary instruction
    assert '<span class="kr">' in html         # a privileged one (OUT, HALT): Keyword.Reserved
    assert '<span class="nv">' in html         # a register
    assert '<span class="c1">' in html or '<span class="c">' in html   # a comment
    assert 'class="err"' not in html
