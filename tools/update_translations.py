"""Refresh the Catalan translation files from the GUI sources.

    python tools/update_translations.py          # lupdate, then lrelease

1. pyside6-lupdate scans vmlab/gui for tr() strings, and the core modules that
   mark label keys with QT_TRANSLATE_NOOP (the technique registry, the
   vocabularies), and merges them into assets/i18n/vmlab_ca.ts (new strings
   appear as "unfinished").
2. Translate them (Qt Linguist: `pyside6-linguist assets/i18n/vmlab_ca.ts`,
   or edit the XML).
3. pyside6-lrelease compiles vmlab_ca.qm, which the app loads.
The test suite fails while a string lacks its Catalan translation or the
.qm is older than the .ts.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "assets" / "i18n" / "vmlab_ca.ts"
QM = TS.with_suffix(".qm")


def tool(name: str) -> str:
    candidate = Path(sys.executable).with_name(name)
    return str(candidate) if candidate.exists() else name


def gui_sources() -> list[str]:
    """The GUI, and the core modules that hold label keys (translated in vmlab.gui.labels)."""
    gui = ROOT / "vmlab" / "gui"
    sources = [p for p in (ROOT / "vmlab").rglob("*.py")
               if gui in p.parents or "QT_TRANSLATE_NOOP(" in p.read_text(encoding="utf-8")]
    return sorted(str(p.relative_to(ROOT)) for p in sources)


def lupdate(ts: Path = TS) -> None:
    subprocess.run([tool("pyside6-lupdate"), *gui_sources(), "-no-obsolete", "-locations",
                    "none", "-target-language", "ca_ES", "-ts", str(ts)], cwd=ROOT, check=True,
                   capture_output=True)


def lrelease(ts: Path = TS, qm: Path = QM) -> None:
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], cwd=ROOT,
                   check=True, capture_output=True)


if __name__ == "__main__":
    lupdate()
    lrelease()
    print(f"updated {TS.relative_to(ROOT)} and {QM.relative_to(ROOT)}")
