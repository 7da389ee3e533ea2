"""The techniques a scenario may choose: one registry, read by everything that lists them.

Scenario validation, the command line, the window's technique picker, the
lesson loader and the documentation's table all ask this module; no other
list of technique names exists.  A technique is one module that registers
itself here with its data:

    register(TechniqueInfo("binary-translation",
                           QT_TRANSLATE_NOOP("Labels", "binary translation"),
                           order=20, technique=BinaryTranslation))

- ``name``: the scenario's ``technique`` value;
- ``label``: the English label, which is also the key of its translation
  (context "Labels"; tools/update_translations.py reads the
  ``QT_TRANSLATE_NOOP`` marks in the core, and vmlab.gui.labels translates);
- ``technique``: the class the VMM runs (a vmlab.vmm.technique.Technique),
  or None for ``native``: one kernel on the bare machine, no VMM;
- ``paravirtual``: it runs paravirtual guest kernels (ported to call the
  VMM, such as Alpha-PV) rather than unchanged ones;
- ``max_guests``: how many guests it can run (native: exactly one);
- ``partitioned``: no VMM either, but the machine itself partitioned into
  one fixed slice of CPU time and memory per guest (type 0,
  session/partitioned.py, docs/partitioning.md);
- ``order``: where it comes in lists (the picker, error messages, docs).

The modules of vmlab.vmm are imported once, the first time the registry is
asked, so a technique module placed there is found without being listed
anywhere else.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate reads
    """Mark text as a translatable label key; the core imports no Qt, so it is the identity."""
    return text


@dataclass(frozen=True)
class TechniqueInfo:
    name: str
    label: str                    # English label = translation key (context "Labels")
    technique: type | None = None  # the VMM technique class; None: the bare machine
    paravirtual: bool = False     # needs paravirtual guest kernels
    max_guests: int | None = None  # None: as many as a scenario allows
    order: int = 100
    # How a guest kernel runs under it, so views can explain it without naming techniques:
    # "bare" (no VMM), "trapped" (deprivileged; privileged instructions trap), "translated"
    # (deprivileged, from translated code), "guest-mode" (the CPU's guest mode), "hypercalls"
    # (a ported kernel that calls the VMM).
    kernel_runs: str = "trapped"
    # Kinds of the events its own work logs outside VM exits (views offer a filter for them).
    work_events: tuple[str, ...] = ()
    # Type 0: hardware partitions, each guest's kernel on the bare CPU in its fixed slices.
    partitioned: bool = False
    # A shorter label for tight places (the layer diagram's title), a translation key too;
    # "" when the label is short already.
    compact: str = ""

    @property
    def native(self) -> bool:
        """One kernel on the bare machine, with no VMM at all."""
        return self.technique is None and not self.partitioned

    @property
    def under_vmm(self) -> bool:
        return self.technique is not None

    def fits(self, guests: int) -> bool:
        return self.max_guests is None or guests <= self.max_guests

    def create(self):
        """A fresh instance of the technique (None for native)."""
        return self.technique() if self.technique is not None else None


NATIVE = "native"
_registry: dict[str, TechniqueInfo] = {}
_discovered = False


def register(info: TechniqueInfo) -> TechniqueInfo:
    """Add a technique; registering the same name again is an error unless it is identical."""
    known = _registry.get(info.name)
    if known is not None and known != info:
        raise ValueError(f"technique {info.name!r} is registered twice")
    _registry[info.name] = info
    return info


def _discover() -> None:
    """Import every module of vmlab.vmm once: technique modules register themselves."""
    global _discovered
    if _discovered:
        return
    _discovered = True
    package = importlib.import_module(__package__)
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{__package__}.{module.name}")


def all_techniques() -> tuple[TechniqueInfo, ...]:
    """Every registered technique, in display order."""
    _discover()
    return tuple(sorted(_registry.values(), key=lambda t: (t.order, t.name)))


def technique_names() -> tuple[str, ...]:
    return tuple(t.name for t in all_techniques())


def get(name: str) -> TechniqueInfo:
    """The technique called name; KeyError naming the known ones otherwise."""
    _discover()
    info = _registry.get(name)
    if info is None:
        raise KeyError(f"no technique {name!r}; known: {', '.join(technique_names())}")
    return info


register(TechniqueInfo(NATIVE, QT_TRANSLATE_NOOP("Labels", "native (no VMM)"), None,
                       max_guests=1, order=0, kernel_runs="bare"))
# Type 0 (docs/partitioning.md): no VMM software on the path, no emulation; the
# machine's partition scheduler gives each guest a fixed slice (session/partitioned.py).
TYPE0 = "type-0"
register(TechniqueInfo(TYPE0, QT_TRANSLATE_NOOP("Labels", "type 0 (hardware partitions)"),
                       None, order=90, kernel_runs="bare", partitioned=True))
