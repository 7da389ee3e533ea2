"""The layer diagram: the lecture's picture of virtualization, live.

    +-----------------------+  +-----------------------+
    | alpha        running  |  | beta           ready  |
    | [ping] [pong] [intr.] |  | [primes] [squares]    |
    | [   guest kernel    ] |  | [   guest kernel    ] |
    +-----------------------+  +-----------------------+
    [        VMM: what it is doing now, progress       ]
    [  host OS kernel (type 2 only: a hosted VMM)      ]
    [   VL32 host: CPU, memory, console (memory map)   ]

The layer executing at this cycle is lit; the others are dimmed but
readable.  A trap is an arrow down into the VMM (native: into the kernel)
labelled with the latest VM exit (trap); the return is an arrow back up.
A guest's context menu pauses, resumes, powers off and powers on that guest, and
takes or restores its snapshots, clones it and, when the scenario migrates it,
migrates it now (guest_menu.py); a paused guest's column is
dimmed, a powered-off one hatched.
Under a VMM, a strip at the foot of the VMM's box shows the VMM's share of the
last cycles (vmm_share.py): a percentage, and the window bin by bin, the
VMM's part of each bin drawn over the colour of the guest that had the rest.
Everything shown is read from the session at refresh time; the panel keeps
only display caches (the processes of each program, the painted rectangles).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath,
                           QPalette, QPen, QPolygonF)
from PySide6.QtWidgets import QMenu, QSizePolicy, QToolTip, QWidget

from .. import theme
from ...observe.accounting import BUCKET_HOST
from ...observe.events import state_view
from ...observe.vocabulary import HOST_STEPS, Hosting, VmmStep
from ..guest_menu import add_guest_commands, add_snapshot_commands
from ..labels import (RunState, guest_state_label, hosting_label, machine_state,
                      run_state_label, step_label, stop_label, technique_compact_label,
                      technique_label)
from ..panel import Panel
from .vmm_share import VmmShare, share_window, vmm_share

# Guest states (GuestState: the bare machine's "halt" is "halted" too).
_STATE_COLORS = {
    "running": "#1f9d55", "ready": "#6b7280", "waiting": "#c98a00",
    "halted": "#4b5563", "stalled": "#b45309", "crashed": "#d62828",
    "paused": "#2563eb", "powered-off": "#374151",
}
FINISHED_STATES = ("halted", "stalled", "crashed", "powered-off")
PAUSED = "paused"               # dimmed, not hatched: it goes on when resumed
TRAP_COLOR = "#d62828"          # arrow down: a trap / VM exit
RETURN_COLOR = "#13906b"        # arrow up: VM entry / return from trap
NATIVE_RETURN_WINDOW = 4        # cycles the native "return" arrow stays after ERET


# ---------------------------------------------------------------------- processes
@dataclass(frozen=True)
class Process:
    """One process of a guest program: a .phase block of its image."""

    name: str
    start: int      # first load address (guest-physical)
    end: int        # one past the last


def program_processes(program) -> list[Process]:
    """The processes of a program: its .phase blocks, named by their first label.

    A block is a run of load addresses whose run addresses are consecutive too
    (two blocks loaded back to back both start again at their .phase address).
    Works for any program; a program without .phase blocks has no processes.
    """
    phase_map = getattr(program, "phase_map", None) or {}
    blocks: list[list[int]] = []
    previous = None
    for load in sorted(phase_map):
        run = phase_map[load]
        if previous is not None and load == previous[0] + 1 and run == previous[1] + 1:
            blocks[-1][1] = load + 1
        else:
            blocks.append([load, load + 1])
        previous = (load, run)
    label_loads = getattr(program, "label_loads", None) or {}
    named = sorted(label_loads.items(), key=lambda item: item[1])
    processes = []
    for number, (start, end) in enumerate(blocks, 1):
        name = next((label for label, load in named if start <= load < end), None)
        processes.append(Process(name or f"process {number}", start, end))
    return processes


def process_at(processes: list[Process], base: int) -> Process | None:
    """The process whose load range contains a BASE value, if any."""
    for process in processes:
        if process.start <= base < process.end:
            return process
    return None


def latest_event(session, kind: str):
    """The newest trap event of a kind ("vm-exit" under a VMM, "trap" natively), or None."""
    event = session.last_trap_event()
    return event if event is not None and event.kind == kind else None


PROCESS_COLUMN_WEIGHT = 0.65   # a host process's column against a virtual machine's (kvm)


# ---------------------------------------------------------------------- what is shown
@dataclass(frozen=True)
class GuestLook:
    name: str
    index: int
    state: str                 # a GuestState: running / ready / waiting / paused / halted…
    kernel_mode: bool
    process: str | None        # the process its BASE selects (current or last run)
    size: int
    base: int
    pending: str | None = None  # a GuestCommand waiting for the VMM's next decision
    host_process: bool = False  # kvm: a host process (one box: its program, in user mode)


@dataclass(frozen=True)
class DiagramState:
    cycle: int
    running: bool              # the controller is running (not paused)
    halted: str | None
    bare: bool                 # one kernel on the bare machine: no VMM layer
    lit: str                   # id of the lit layer, "idle" or "stopped"
    step: str | None           # VMM step kind when the VMM is lit
    progress: tuple | None     # (done, total) cycles of that step
    vmm_for: str | None        # the guest the VMM works for
    guests: tuple
    arrow: tuple | None        # (direction, from id, to id, label)
    exits: int = 0
    switches: int = 0
    instruction: str = ""      # the instruction of the VM exit being handled, if any
    vmm_mode: str | None = None  # the virtual mode of the guest the VMM works for
    reason: str | None = None  # why the session's last run or step ended


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    """a blended towards b by t (0: a, 1: b)."""
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * t,
                           a.greenF() + (b.greenF() - a.greenF()) * t,
                           a.blueF() + (b.blueF() - a.blueF()) * t, 1.0)


class LayerDiagramPanel(Panel):
    """Host hardware, the VMM and the guests with their kernels and processes."""

    panel_id = "layers"

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        self._processes: dict[str, list[Process]] = {}
        self._ported: dict[str, bool] = {}
        self._state: DiagramState | None = None
        self._rects: list[tuple[str, QRectF]] = []     # painted layers, bottom first
        self._layout_key = None
        self._layout: dict = {}
        self._number_base = "hex"
        self._share: VmmShare | None = None
        self._share_strip: QRectF | None = None
        # What the last paint drew: (rect given, its forms, the one shown, where the text
        # ink lies, the box it must stay in or None for the layer around it).
        self._painted: list[tuple] = []
        self._badges: list[QRectF] = []       # the pills the last paint drew (state, BASE)
        super().__init__(controller, parent)
        self.setMouseTracking(True)
        self.setMinimumSize(420, 320)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        controller.runningChanged.connect(self._on_running_changed)

    def _on_running_changed(self, _running: bool) -> None:
        self._on_changed()          # the running/paused indicator (respects visibility)

    # ------------------------------------------------------------------ Panel API
    def title(self) -> str:
        return self.tr("Layers")

    def sizeHint(self) -> QSize:
        return QSize(900, 600)

    def refresh(self) -> None:
        state = self._compute_state()
        share = self._compute_share()
        if state != self._state or share != self._share:
            self._state = state
            self._share = share
            self.update()

    def retranslate(self) -> None:
        self._state = None
        self._layout_key = None
        self.refresh()
        self.update()

    def apply_style(self) -> None:
        self._layout_key = None
        self.update()

    def set_number_base(self, base: str) -> None:
        self._number_base = base

    def on_session_replaced(self) -> None:
        self._processes.clear()
        self._ported.clear()
        self._layout_key = None
        self._state = None
        self._share = None
        self.refresh()

    # ------------------------------------------------------------------ queries (tests, lessons)
    def lit_layer(self) -> str:
        """Id of the layer executing now: "process:g:p", "kernel:g", "vmm", "idle", "stopped"…"""
        return self._compute_state().lit

    def arrow(self) -> tuple | None:
        """(direction "down"/"up", from id, to id, label), or None when no arrow shows."""
        return self._compute_state().arrow

    def layer_at(self, point) -> str:
        """Id of the topmost layer painted at a point (widget coordinates), or ""."""
        self._ensure_layout()
        p = QPointF(point)
        for layer_id, rect in reversed(self._rects):
            if rect.contains(p):
                return layer_id
        return ""

    def layer_rect(self, layer_id: str) -> QRectF | None:
        """Where a layer is painted (tests, lessons pointing at a layer)."""
        self._ensure_layout()
        for known, rect in self._rects:
            if known == layer_id:
                return QRectF(rect)
        return None

    def badge(self, guest: str) -> str:
        """The state badge shown on a guest's column ("running", "halted", "crashed"…)."""
        look = next((g for g in self._compute_state().guests if g.name == guest), None)
        return self.badge_text(look) if look else ""

    def status_text(self) -> str:
        """The corner indicator: running / paused / stopped, and the cycle."""
        state = self._compute_state()
        return self._status(state)[0] + " · " + self._cycle_text(state)

    def vmm_share(self) -> VmmShare | None:
        """The VMM's share of the last cycles as the strip shows it (None: no VMM)."""
        return self._compute_share()

    def share_rect(self) -> QRectF | None:
        """Where the share strip (its bins) was last painted."""
        return QRectF(self._share_strip) if self._share_strip is not None else None

    def painted_texts(self, layer_id: str | None = None) -> list[str]:
        """The texts the last paint drew (inside a layer's box, if one is named)."""
        area = self.layer_rect(layer_id) if layer_id else None
        return [shown for rect, _options, shown, _ink, _box, _glyphs in self._painted
                if area is None or area.contains(rect.center())]

    def cut_texts(self) -> list[tuple[str, str, str]]:
        """Texts the last paint had to cut: (what was meant, what shows, why): elided
        ("…", none of its forms fits the width), clipped top and bottom (its line is taller
        than the rect it was drawn in) or out of the box it belongs to."""
        cut = []
        whole = QRectF(self.rect())
        for rect, options, shown, ink, box, glyphs in self._painted:
            if shown not in options:
                cut.append((options[0], shown, f"elided to {rect.width():.0f} px"))
                continue
            if glyphs.top() < rect.top() - 0.5 or glyphs.bottom() > rect.bottom() + 0.5:
                # drawText clips to its rect: the glyphs' tops or descenders are cut off
                cut.append((options[0], shown, f"{glyphs.height():.0f} px of glyphs clipped "
                            f"to {rect.height():.0f} px high"))
                continue
            if box is None:       # the smallest layer around it (the header: the widget)
                around = [r for _id, r in self._rects if r.contains(rect.center())]
                box = min(around, key=lambda r: r.width() * r.height()) if around else whole
            if not box.adjusted(-1, -1, 1, 1).contains(ink):
                cut.append((options[0], shown,
                            f"{ink.width():.0f}x{ink.height():.0f} px of text out of a "
                            f"{box.width():.0f}x{box.height():.0f} box"))
            elif any(badge.intersects(ink.adjusted(1, 1, -1, -1)) and badge != rect
                     for badge in self._badges):
                cut.append((options[0], shown, "covered by a badge"))
        return cut

    def layer_ids(self) -> list[str]:
        self._ensure_layout()
        return [layer_id for layer_id, _ in self._rects]

    def processes(self, guest: str) -> list[Process]:
        if guest not in self._processes:
            try:
                program = self.session.guest(guest).program
            except Exception:                     # noqa: BLE001 - never raise in a view
                program = None
            self._processes[guest] = program_processes(program) if program else []
        return self._processes[guest]

    # ------------------------------------------------------------------ state
    def _compute_state(self) -> DiagramState:
        s = self.session
        guests = []
        for index, name in enumerate(s.guest_names):
            view = s.guest(name)
            state = view.state        # a GuestState ("halted" on the bare machine too)
            proc = process_at(self.processes(name), view.sr.get("BASE", 0))
            guests.append(GuestLook(name, index, state, bool(view.kernel_mode),
                                    proc.name if proc else None, view.size, view.base,
                                    view.pending, view.process))
        by_name = {g.name: g for g in guests}
        activity = s.activity()
        step = progress = vmm_for = vmm_mode = None
        if activity.layer == "stopped":
            lit = "stopped"
        elif activity.layer == "idle":
            lit = "idle"
            progress = activity.progress
        elif activity.layer == "vmm":
            # Type 2: the host kernel's part of an exit lights the host OS layer.
            lit = "hostos" if activity.step in HOST_STEPS else "vmm"
            step, progress, vmm_for = activity.step, activity.progress, activity.guest
            vmm_mode = activity.mode
        else:
            lit = self._guest_layer(by_name.get(activity.guest), activity.mode)
        arrow = self._compute_arrow(activity, by_name)
        instruction = ""
        if lit == "vmm" and step == "emulate":
            exit_event = latest_event(s, "vm-exit")
            if exit_event is not None and not exit_event.interrupt:
                instruction = exit_event.instruction
        counted = s.counters()
        return DiagramState(s.cycle, bool(self.controller.running), s.halted, not s.under_vmm,
                            lit, step, progress, vmm_for, tuple(guests), arrow, counted.exits,
                            counted.world_switches,
                            instruction, vmm_mode, s.last_reason)

    def _compute_share(self) -> VmmShare | None:
        """The VMM's share of the last cycles (about ten seconds of run at the speed)."""
        s = self.session
        if not s.under_vmm:
            return None
        layout = self._ensure_layout()
        band = layout.get("share")
        width = band.width() * 0.5 if band is not None else 300.0
        bins = int(max(12, min(60, width // 5)))
        return vmm_share(s, share_window(self.controller.speed), bins)

    @staticmethod
    def _guest_layer(guest: GuestLook | None, mode: str | None) -> str:
        if guest is None:
            return "idle"
        if guest.host_process:         # kvm: its one box, the program
            return f"kernel:{guest.name}"
        if mode == "user":
            if guest.process:
                return f"process:{guest.name}:{guest.process}"
            return f"guest:{guest.name}"
        return f"kernel:{guest.name}"

    def _compute_arrow(self, activity, guests: dict) -> tuple | None:
        s = self.session
        if activity.layer == "stopped":
            return None
        if not s.under_vmm:
            guest = guests.get(activity.guest)
            if guest is None or activity.layer != "guest":
                return None
            process = f"process:{guest.name}:{guest.process}" if guest.process \
                else f"guest:{guest.name}"
            kernel = f"kernel:{guest.name}"
            if activity.mode == "kernel":
                trap = latest_event(s, "trap")
                if trap is not None and trap.mode == "user":
                    return ("down", process, kernel, self.trap_label(trap))
                return None
            returned = self._native_return_cycle()
            if returned is not None and 0 <= s.cycle - returned < NATIVE_RETURN_WINDOW:
                return ("up", kernel, process, self.tr("return to user mode (eret)"))
            return None
        if activity.layer != "vmm":
            return None
        if activity.step in (VmmStep.HOST_KERNEL, VmmStep.HOST_RETURN):
            # kvm: the host kernel works for a process; the lit layer says so.  (No arrow:
            # one down to the host OS layer would cross the VMM's band and its text, and the
            # last VM exit's arrow is not what happens now.)
            return None
        if activity.step in ("entry", "hw-entry"):
            target = self._guest_layer(guests.get(activity.guest), activity.mode)
            if target == "idle":
                return None
            return ("up", "vmm", target, self.tr("VM entry"))
        exit_event = latest_event(s, "vm-exit")
        if exit_event is None or any(kind == "entry" for kind, _ in exit_event.steps):
            return None
        guest = guests.get(exit_event.guest)
        if guest is None:
            return None
        source = f"kernel:{guest.name}"
        if exit_event.vmode == "user":
            base = state_view(exit_event.before).get("sr", {}).get("BASE")
            proc = process_at(self.processes(guest.name), base) if base is not None else None
            source = f"process:{guest.name}:{proc.name}" if proc else f"guest:{guest.name}"
        return ("down", source, "vmm", self.trap_label(exit_event))

    def _native_return_cycle(self) -> int | None:
        """The cycle the native CPU last entered user mode (an ERET), if it is in it."""
        attribution = self.session.attribution
        if not attribution.seg_bucket.endswith(".user"):
            return None
        return attribution.seg_start

    def trap_label(self, event) -> str:
        """"PRIV: mtsr TVEC, r1", "TIMER interrupt"… for a VmExit or TrapTaken."""
        if getattr(event, "interrupt", False):
            return self.tr("%1 interrupt").replace("%1", event.cause)
        return self.tr("%1: %2").replace("%1", event.cause).replace("%2", event.instruction)

    # ------------------------------------------------------------------ texts
    def state_text(self, state: str) -> str:
        return guest_state_label(state)

    def badge_text(self, look: GuestLook) -> str:
        """A guest's badge: its state, or a pause or power off on its way (the guest on the
        CPU takes it at its next VM exit)."""
        if look.pending == "pause":
            return self.tr("pausing…")
        if look.pending == "power-off":
            return self.tr("powering off…")
        return self.state_text(look.state)

    def lifecycle_text(self, state: str) -> str:
        """What pausing or powering off a guest means, by its state (the guest's tooltip)."""
        if state == PAUSED:
            return self.tr("Paused: it gets no CPU and its virtual clock stands still, so its "
                           "timer does not fire. Resume lets it go on as if no time had passed "
                           "(right click).")
        if state == "powered-off":
            return self.tr("Powered off: its memory was cleared. Power on boots it again from "
                           "its image (right click).")
        return self.tr("Right click to pause, resume, power off or power on it.")

    def step_text(self, step: str | None) -> str:
        return step_label(step)

    def step_description(self, step: str | None, guest: str, instruction: str = "",
                         mode: str | None = None) -> str:
        texts = {
            "exit": self.tr("saving the registers of %1"),
            "emulate": self.tr("emulating %2 for %1") if instruction
            else self.tr("emulating the privileged instruction of %1"),
            "reflect": self.tr("reflecting the trap into the kernel of %1"),
            "inject": self.tr("injecting an interrupt into %1"),
            "switch": self.tr("switching the CPU to %1"),
            "entry": self.tr("returning to %1, in user mode") if mode == "user"
            else self.tr("returning to %1, in its kernel") if mode == "kernel"
            else self.tr("returning to %1"),
            "route-input": self.tr("routing console input to its guest"),
            # Each technique's own steps (binary translation, hardware assist, paravirtual).
            "translate": self.tr("translating a block of the kernel of %1"),
            "callout": self.tr("emulating an instruction of %1 without a trap"),
            "invalidation": self.tr("%1 wrote into translated code: the VMM drops that block"),
            "hypercall": self.tr("serving a hypercall of the kernel of %1"),
            "hw-exit": self.tr("the CPU saves %1 in its control block"),
            "hw-entry": self.tr("the CPU loads %1 from its control block"),
            "compose-window": self.tr("composing the memory window of %1 (BASE, BOUND)"),
            "entry-failure": self.tr("the CPU refused to enter %1: its control block is "
                                     "invalid"),
        }
        return texts.get(step or "", "").replace("%1", guest).replace("%2", instruction)

    def step_short_description(self, step: str | None, guest: str) -> str:
        """A shorter form of a long step description, for a narrow VMM box ("" if none)."""
        texts = {
            "hw-exit": self.tr("the CPU saves %1"),
            "hw-entry": self.tr("the CPU loads %1"),
            "compose-window": self.tr("composing the window of %1"),
            "translate": self.tr("translating code of %1"),
        }
        return texts.get(step or "", "").replace("%1", guest)

    def technique_family(self) -> str:
        """How guest kernels run under the technique (the registry's kernel_runs): "bare",
        "trapped", "translated", "guest-mode" (both hardware generations) or "hypercalls"."""
        return self.session.technique.kernel_runs

    def technique_name(self, compact: bool = False) -> str:
        """The scenario's technique as the registry labels it (or its shorter label for a
        tight place), capitalised."""
        name = self.session.technique.name
        label = technique_compact_label(name) if compact else technique_label(name)
        return label[:1].upper() + label[1:]

    def technique_text(self, what: str, guest: str | None = None) -> str:
        """What the VMM ("vmm") or a guest kernel ("kernel", %1 its guest) is under
        the scenario's technique: the one place the diagram explains each technique."""
        family = self.technique_family()
        if what == "vmm":
            common = self.tr("The virtual machine monitor (VMM, hypervisor). It runs in kernel "
                             "mode, keeps the real CPU and switches between guests.")
            texts = {
                "translated": self.tr(
                    "Before a block of guest kernel code first runs, it translates it: each "
                    "privileged or sensitive instruction becomes a callout, a call into the "
                    "VMM that does it on the guest's virtual CPU without a trap. User code "
                    "runs directly; its traps are VM exits."),
                "guest-mode": self.tr(
                    "The CPU runs each guest in guest mode, kernel mode included, and applies "
                    "privileged instructions to the guest's virtual state itself; it exits to "
                    "the VMM (a hardware VM exit, saved in the guest's control block) only on "
                    "I/O, HALT, WFI, HCALL, the VMM's timer and what the exit controls ask."),
                "hypercalls": self.tr(
                    "The guest kernels are ported to call it with hypercalls (HCALL) instead of "
                    "privileged instructions; one hypercall can do several things at once."),
            }
            default = self.tr("Every privileged instruction a guest executes traps into it (a "
                              "VM exit); it emulates the instruction on the guest's virtual "
                              "CPU, reflects the guest's own traps into its kernel and injects "
                              "interrupts.")
            return common + " " + texts.get(family, default)
        family = self._family_of(guest)
        texts = {
            "translated": self.tr(
                "The guest kernel of %1. It believes it runs in kernel mode, but the VMM runs "
                "it deprivileged (in user mode) from translated code: its privileged "
                "instructions are callouts into the VMM, not traps (binary translation)."),
            "guest-mode": self.tr(
                "The guest kernel of %1. It runs in kernel mode, in the CPU's guest mode: the "
                "CPU applies its privileged instructions to its virtual state itself; only "
                "some events exit to the VMM (hardware assist)."),
            "hypercalls": self.tr(
                "The guest kernel of %1, ported to the VMM: it runs deprivileged (in user "
                "mode) and asks the VMM by hypercalls (HCALL) for what privileged "
                "instructions would do (paravirtualization)."),
        }
        return texts.get(family, self.tr(
            "The guest kernel of %1. It believes it runs in kernel mode, but the VMM runs it "
            "deprivileged (in user mode): each privileged instruction traps to the VMM, which "
            "emulates it (trap and emulate)."))

    def ported(self, guest: str) -> bool:
        """A paravirtual kernel: its code calls the VMM with HCALL (an unported kernel under
        the paravirtual VMM runs as under trap and emulate)."""
        if guest not in self._ported:
            try:
                source = self.session.guest(guest).program.source or ""
            except Exception:                     # noqa: BLE001 - never raise in a view
                source = ""
            self._ported[guest] = any(
                re.match(r"\s*(?:[A-Za-z_.][\w.]*:)?\s*hcall\b", line.split(";")[0],
                         re.IGNORECASE) for line in source.splitlines())
        return self._ported[guest]

    def _family_of(self, guest: str | None) -> str:
        family = self.technique_family()
        if family == "hypercalls" and guest is not None and not self.ported(guest):
            return "trapped"
        return family

    def kernel_captions(self, guest: str | None = None) -> tuple[str, ...]:
        """The guest kernel box's caption under the technique, longest first."""
        family = self._family_of(guest)
        if family == "guest-mode":
            return (self.tr("kernel mode · in the CPU's guest mode"), self.tr("guest mode"))
        if family == "translated":
            return (self.tr("deprivileged · translated code"), self.tr("translated"))
        if family == "hypercalls":
            return (self.tr("deprivileged · calls the VMM by hypercalls"),
                    self.tr("hypercalls"))
        return (self.tr("virtual kernel mode · deprivileged"), self.tr("deprivileged"))

    def header_title(self) -> str:
        """The diagram's title: the technique and how many virtual machines."""
        s = self.session
        if s.technique.partitioned:
            return self.tr("%1: %2 partitions, no VMM").replace(
                "%1", self.technique_name()).replace("%2", str(len(s.guest_names)))
        if not s.under_vmm:
            return self.tr("Native: one kernel on the bare machine (no VMM)")
        processes = sum(1 for name in s.guest_names if s.guest(name).process)
        n = len(s.guest_names) - processes
        text = self.tr("%1: %2 virtual machines on one VMM").replace("%2", str(n)) \
            if n != 1 else self.tr("%1: one virtual machine on a VMM")
        text = text.replace("%1", self.technique_name())
        if self.kvm():
            text += " · " + hosting_label(Hosting.KVM) + " · " + (
                self.tr("%1 host processes").replace("%1", str(processes)) if processes != 1
                else self.tr("one host process"))
        elif self.hosted():
            text += " · " + hosting_label(Hosting.TYPE_2)
        return text

    def _address(self, value: int) -> str:
        return theme.fmt_int(value) if self._number_base == "dec" else f"0x{value:04X}"

    def tooltip_for(self, layer_id: str) -> str:
        """What a layer is, in the current language (the hover tooltip)."""
        s = self.session
        kind, _, rest = layer_id.partition(":")
        guest_name, _, process_name = rest.partition(":")
        now = self._compute_state()
        lit = self.tr("It is executing now.") if now.lit == layer_id else ""
        if kind == "host":
            text = self.tr("The host: the real VL32 hardware. One CPU, %1 words of physical "
                           "memory and a console. Every layer above runs on it, one cycle "
                           "at a time.").replace("%1", theme.fmt_int(s.memory_words))
            if s.under_vmm:
                text += "\n" + self.tr("The bar shows how the VMM shares the memory out: "
                                       "its own region, one partition per guest.")
            return text
        if kind == "hostos" and self.kvm():
            text = self.tr(
                "The host operating system's kernel, with kvm in it (like Linux with kvm): a "
                "general-purpose OS that also provides VMM services, so the lecture calls it "
                "type 1 as well. Its scheduler runs each virtual machine as one of its "
                "processes, beside its ordinary processes, in one round robin. A VM exit is "
                "handled inside the kernel (the VMM band above); a host process's system call "
                "or fault is this kernel's work (its lane of the timeline), never a VM exit.")
            return text + ("\n" + lit if lit else "")
        if kind == "hostos":
            text = self.tr(
                "The host operating system's kernel: this VMM is type 2, an application on "
                "it (like VMware Workstation). Every VM exit reaches the host kernel first, "
                "which passes it up to the VMM process, and the VMM goes back down through it "
                "to enter a guest: two host-kernel transitions per exit, charged to the guest "
                "(the \"host OS\" lane of the timeline).")
            return text + ("\n" + lit if lit else "")
        if kind == "vmm":
            text = self.technique_text("vmm")
            if now.lit == "vmm":
                text += "\n" + self.tr("Now: %1 (for %2).").replace(
                    "%1", self.step_text(now.step)).replace("%2", now.vmm_for or "")
            elif now.lit == "idle":
                text += "\n" + self.tr("Now: idle, waiting for an interrupt (every guest waits).")
            share = self._compute_share()
            if share is not None and share.cycles:
                bin_cycles = max(1, share.window // max(1, len(share.bins)))
                text += "\n" + self.tr(
                    "The strip at its foot: the VMM's share of the machine's time over the last "
                    "%1 cycles (%2 of them the VMM's), newest on the right. Each bar is %3 "
                    "cycles: the VMM's part from the bottom, in its colour, over the colour of "
                    "the guest that had the rest.").replace(
                    "%1", theme.fmt_int(share.cycles)).replace(
                    "%2", theme.fmt_int(share.vmm_cycles)).replace("%3", theme.fmt_int(bin_cycles))
            return text
        look = next((g for g in now.guests if g.name == guest_name), None)
        if look is None:
            return ""
        state = self.state_text(look.state)
        if kind == "guest":
            if not s.under_vmm:
                return self.tr("%1 on the bare machine: no VMM, its kernel owns the real CPU "
                               "and all %2 words of memory. State: %3.").replace(
                    "%1", look.name).replace("%2", theme.fmt_int(look.size)).replace("%3", state)
            text = self.tr("Virtual machine %1: a copy of the VL32 with %2 words of memory "
                           "(host words %3 to %4). It believes it has the machine to itself. "
                           "State: %5.").replace("%1", look.name).replace(
                "%2", theme.fmt_int(look.size)).replace("%3", self._address(look.base)).replace(
                "%4", self._address(look.base + look.size - 1)).replace("%5", state)
            return text + "\n" + self.lifecycle_text(look.state)
        if kind == "kernel" and look.host_process:
            text = self.tr("%1 is a process of the host OS, not a virtual machine: a user "
                           "program with %2 words of memory (host words %3 to %4). It runs in "
                           "user mode on the real CPU, with no kernel of its own; its system "
                           "calls, the end of its slice and its faults trap to the host kernel. "
                           "State: %5.").replace("%1", look.name).replace(
                "%2", theme.fmt_int(look.size)).replace("%3", self._address(look.base)).replace(
                "%4", self._address(look.base + look.size - 1)).replace("%5", state)
            return text + ("\n" + lit if lit else "")
        if kind == "guest" and look.host_process:
            return self.tr("Host process %1: an ordinary program of the host OS, beside the "
                           "virtual machines. State: %2.").replace("%1", look.name).replace(
                "%2", state)
        if kind == "kernel":
            if not s.under_vmm:
                text = self.tr("The kernel of %1, in kernel mode directly on the hardware: it "
                               "handles the traps and system calls of its processes and "
                               "schedules them.").replace("%1", look.name)
            else:
                text = self.technique_text("kernel", look.name).replace("%1", look.name)
            return text + ("\n" + lit if lit else "")
        if kind == "process":
            proc = next((p for p in self.processes(look.name) if p.name == process_name), None)
            if proc is None:
                return ""
            text = self.tr("Process %1 of %2. It runs in user mode, isolated by BASE/BOUND: it "
                           "sees only its own memory (loaded at %3 to %4 of the guest). System "
                           "calls and faults trap to its kernel.").replace(
                "%1", proc.name).replace("%2", look.name).replace(
                "%3", self._address(proc.start)).replace("%4", self._address(proc.end - 1))
            if self.technique_family() == "guest-mode":
                text += " " + self.tr("In the CPU's guest mode those traps go straight to its "
                                      "kernel, without a VM exit.")
            elif s.under_vmm:
                text += " " + self.tr("Under the VMM each of those traps is a VM exit first.")
            if lit:
                text += "\n" + lit
            elif look.process == proc.name:
                text += "\n" + self.tr("BASE selects it: it is the current process of %1.") \
                    .replace("%1", look.name)
            return text
        return ""

    # ------------------------------------------------------------------ events
    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            layer_id = self.layer_at(event.position() if hasattr(event, "position")
                                     else event.pos())
            text = self.tooltip_for(layer_id) if layer_id else ""
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def resizeEvent(self, event) -> None:
        self._layout_key = None
        super().resizeEvent(event)

    def guest_at(self, point) -> str | None:
        """The guest whose column (or kernel, or process) is painted at a point, or None."""
        kind, _, rest = self.layer_at(point).partition(":")
        if kind in ("guest", "kernel", "process"):
            return rest.partition(":")[0]
        return None

    def context_menu_for(self, point) -> QMenu | None:
        """The menu a right click at `point` opens: the lifecycle commands of the guest
        there (Pause, Resume, Power off, Power on), its snapshots (Take snapshot…,
        Take diff snapshot…, Restore snapshot…), its clones (Clone into TARGET…, Clone
        from a snapshot…) and, for a migrating guest, Migrate to the other host now
        (guest_menu.py), or None away from any guest."""
        guest = self.guest_at(point)
        if guest is None:
            return None
        menu = QMenu(self)
        menu.setTitle(guest)
        menu.addSection(guest)
        if self.session.guest(guest).process:     # kvm: a host process is no VM
            menu.addAction(self.tr("A host process: no VM commands")).setEnabled(False)
            return menu
        add_guest_commands(menu, self.controller, guest)
        add_snapshot_commands(menu, self.controller, guest, self)
        return menu

    def contextMenuEvent(self, event) -> None:
        menu = self.context_menu_for(event.pos())
        if menu is None:
            event.ignore()
            return
        menu.exec(event.globalPos())
        menu.deleteLater()

    # ------------------------------------------------------------------ layout
    def _zoom(self) -> float:
        """Fonts grow a little with the widget (the centre of a projected window)."""
        return max(0.85, min(1.45, min(self.width() / 1100.0, self.height() / 720.0)))

    def _font(self, size: float, bold: bool = False) -> QFont:
        return theme.ui_font(size * self._zoom(), bold)

    def _ensure_layout(self) -> dict:
        s = self.session
        counts = tuple(len(self.processes(n)) for n in s.guest_names)
        key = (self.width(), self.height(), tuple(s.guest_names), counts, s.under_vmm,
               self.hosted(), theme.scale(), theme.min_pixels(), id(s))
        if key != self._layout_key:
            self._layout = self._compute_layout()
            self._layout_key = key
        return self._layout

    def _compute_layout(self) -> dict:
        s = self.session
        w, h = float(self.width()), float(self.height())
        fm = QFontMetricsF(self._font(10))
        u = fm.height()                                # one line of body text
        m = max(8.0, min(w, h) * 0.022)                # outer margin
        header_h = QFontMetricsF(self._font(11, True)).height() * 1.5
        bare = not s.under_vmm
        top = m + header_h + m * 0.4
        bottom = h - m
        inner = max(1.0, bottom - top)
        # Vertical budget: host band, VMM band, the arrow zone above the VMM, the guests.
        # A short diagram for its text (presenter mode in a 1280x720 window) is "tight":
        # every band keeps just the lines it needs, the guests the rest.
        tight = h < u * 24
        host_h = u * 1.9 if tight else max(u * 2.6, inner * 0.13)
        share_h = 0.0 if bare else u * (1.4 if tight else 1.8)   # the VMM's share, at its foot
        vmm_h = 0.0 if bare else (u * 2.8 if tight else max(u * 3.4, inner * 0.17)) + share_h
        arrow_zone = u * 1.75 if tight else max(u * 2.2, inner * 0.07)
        gap = m * 0.6
        host = QRectF(m, bottom - host_h, w - 2 * m, host_h)
        rects: list[tuple[str, QRectF]] = [("host", host)]
        layout = {"u": u, "m": m, "header": QRectF(m, m, w - 2 * m, header_h), "host": host,
                  "tight": tight}
        below_vmm = host.top()
        if not bare and self.hosted():   # type 2: the host OS kernel between VMM and hardware
            host_os_h = u * (1.5 if tight else 2.2)
            host_os = QRectF(m, host.top() - gap - host_os_h, w - 2 * m, host_os_h)
            layout["hostos"] = host_os
            rects.append(("hostos", host_os))
            below_vmm = host_os.top()
        if bare:
            guests_bottom = host.top() - gap * 2
        else:
            vmm = QRectF(m, below_vmm - gap - vmm_h, w - 2 * m, vmm_h)
            layout["vmm"] = vmm
            pad = u * 0.9
            layout["vmm_main"] = QRectF(vmm.left(), vmm.top(), vmm.width(), vmm_h - share_h)
            layout["share"] = QRectF(vmm.left() + pad, vmm.bottom() - share_h,
                                     vmm.width() - 2 * pad, share_h - u * 0.35)
            rects.append(("vmm", vmm))
            guests_bottom = vmm.top() - arrow_zone
        bands: dict[str, QRectF] = {}         # where an arrow's label goes
        if not bare:
            bands[""] = QRectF(m, guests_bottom, w - 2 * m, arrow_zone)
        layout["bands"] = bands
        names = s.guest_names
        host_processes = {name for name in names if s.guest(name).process}
        n = max(1, len(names))
        col_gap = m * 1.6
        # A host process (kvm) has one box, no processes of its own inside: a narrower
        # column, so that the virtual machines' process boxes keep their room.
        weights = [PROCESS_COLUMN_WEIGHT if name in host_processes else 1.0 for name in names]
        unit_w = (w - 2 * m - (n - 1) * col_gap) / max(1.0, sum(weights))
        x = m
        col_h = max(u * 6, guests_bottom - top)
        columns = {}
        for i, name in enumerate(names):
            col_w = unit_w * weights[i]
            col = QRectF(x, top, col_w, col_h)
            x += col_w + col_gap
            pad = max(u * 0.45, min(col_w, col_h) * 0.03)
            if tight:
                pad = u * 0.35
            title_h = QFontMetricsF(self._font(13, True)).height() * (1.25 if tight else 1.45)
            body = QRectF(col.left() + pad, col.top() + title_h + pad * 0.5,
                          col.width() - 2 * pad, col.height() - title_h - pad * 1.5)
            inner_gap = arrow_zone if bare else (u * 0.4 if tight else max(u * 0.8, pad))
            kernel_h = max(u * (1.6 if tight else 2.8), min(body.height() * 0.4, u * 9))
            kernel = QRectF(body.left(), body.bottom() - kernel_h, body.width(), kernel_h)
            zone = QRectF(body.left(), body.top(), body.width(),
                          max(u * (1.4 if tight else 2), kernel.top() - inner_gap - body.top()))
            if bare:
                bands[name] = QRectF(zone.left(), zone.bottom(), zone.width(), inner_gap)
            procs = self.processes(name)
            if name in host_processes:   # kvm: one box, the program (no kernel of its own)
                kernel = QRectF(body)
                zone = QRectF(body.left(), body.top(), body.width(), 0.0)
                procs = []
            names_w = self._name_widths(procs)
            line = self._name_line()
            if procs:
                # Process boxes are never lower than their name's line: the kernel's box
                # gives up room for them, down to its own line.
                rows = len(self._rows_of(zone.width(), names_w, u, zone.height(), line))
                need = rows * line + (rows - 1) * u * 0.6
                if zone.height() < need:
                    kernel_min = QFontMetricsF(self._font(12.5 * 0.7, True)).height() + 6
                    give = min(need - zone.height(), kernel.height() - kernel_min)
                    if give > 0:
                        kernel.setTop(kernel.top() + give)
                        zone.setHeight(zone.height() + give)
            proc_rects = self._process_rects(zone, procs, u, max(names_w, default=0.0),
                                             names_w, line)
            rects.append((f"guest:{name}", col))
            rects.append((f"kernel:{name}", kernel))
            for proc, rect in zip(procs, proc_rects):
                rects.append((f"process:{name}:{proc.name}", rect))
            columns[name] = {"col": col, "title": QRectF(col.left() + pad, col.top(),
                                                         col.width() - 2 * pad, title_h),
                             "kernel": kernel, "zone": zone,
                             "procs": list(zip(procs, proc_rects)), "index": i}
        layout["columns"] = columns
        self._rects = rects
        return layout

    def _name_widths(self, procs: list[Process]) -> list[float]:
        fm = QFontMetricsF(self._font(12 * 0.7, True))    # the smallest a name is drawn
        return [fm.horizontalAdvance(proc.name) for proc in procs]

    def _widest_name(self, procs: list[Process]) -> float:
        return max(self._name_widths(procs), default=0.0)

    def _name_line(self) -> float:
        """The least height of a process box: its name's line at the smallest font
        _label_box may use, and a little air."""
        return QFontMetricsF(self._font(12 * 0.7, True)).height() + 4

    @staticmethod
    def _snug_spacing(names_w: list[float], u: float, width: float) -> tuple | None:
        """(room beside each name, gap between boxes) that fit these names side by side
        in one row of `width`: the roomy spacing, else a tight one (still enough for a
        box's own margins at the smallest name font); None when neither fits."""
        k = len(names_w)
        for pad, gap in ((u * 0.8, u * 0.6), (u * 0.6, u * 0.25)):
            if sum(names_w) + k * pad + (k - 1) * gap <= width:
                return pad, gap
        return None

    @classmethod
    def _rows_of(cls, width: float, names_w: list[float], u: float, height: float,
                 line: float) -> list[list[int]]:
        """How process boxes are placed in rows (indices per row): side by side,
        wrapping when narrow (a box at least 5.5 lines wide, or as wide as its name);
        one row of snug boxes when the rows would be lower than a line of text."""
        k = len(names_w)
        if k == 0:
            return []
        gap = u * 0.6
        widest = max(names_w)
        min_w = min(u * 5.5, widest + u * 1.2) if widest else u * 5.5
        per_row = max(1, min(k, int((width + gap) // (min_w + gap))))
        rows = (k + per_row - 1) // per_row
        low = (height - (rows - 1) * gap) / rows < max(u * 1.6, line)
        if rows > 1 and low and widest and cls._snug_spacing(names_w, u, width) is not None:
            per_row = k                      # too low for two rows: one row of snug boxes
        return [list(range(i, min(k, i + per_row))) for i in range(0, k, per_row)]

    @classmethod
    def _process_rects(cls, zone: QRectF, procs: list[Process], u: float,
                       name_w: float = 0.0, names_w: list[float] | None = None,
                       line: float = 0.0) -> list[QRectF]:
        """Process boxes in rows stacked up from the kernel (see _rows_of); in a row,
        each box as wide as its name needs and the rest shared evenly."""
        k = len(procs)
        if k == 0:
            return []
        names_w = list(names_w) if names_w else [name_w] * k
        gap = u * 0.6
        rows = cls._rows_of(zone.width(), names_w, u, zone.height(), line)
        row_h = (zone.height() - (len(rows) - 1) * gap) / len(rows)
        box_h = min(row_h, u * 16.0)
        out: list[QRectF] = [QRectF()] * k
        for r, row in enumerate(rows):
            pad, across = cls._snug_spacing([names_w[j] for j in row], u, zone.width()) \
                or (u * 0.8, gap)
            room = zone.width() - (len(row) - 1) * across
            needs = [names_w[j] + pad for j in row]
            even = room / len(row)
            if all(n <= even for n in needs):
                widths = [even] * len(row)
            else:                            # the names' widths, the rest shared
                extra = max(0.0, room - sum(needs)) / len(row)
                widths = [n + extra for n in needs]
            # rows stack up from the kernel: the last row sits just above it
            y = zone.bottom() - (len(rows) - r) * box_h - (len(rows) - 1 - r) * gap
            x = zone.left()
            for j, w in zip(row, widths):
                out[j] = QRectF(x, y, w, box_h)
                x += w + across
        return out

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event) -> None:
        if self._state is None:
            self._state = self._compute_state()
        layout = self._ensure_layout()
        state = self._state
        self._painted = []
        self._badges = []
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        pal = self.palette()
        self._bg = pal.color(QPalette.ColorRole.Base)
        self._fg = pal.color(QPalette.ColorRole.Text)
        self._dim_fg = _mix(self._fg, self._bg, 0.38)
        self._dark = theme.is_dark(pal)
        p.fillRect(self.rect(), self._bg)
        self._paint_header(p, layout, state)
        self._paint_host(p, layout, state)
        if "hostos" in layout:
            self._paint_host_os(p, layout, state)
        if "vmm" in layout:
            self._paint_vmm(p, layout, state)
        for look in state.guests:
            column = layout["columns"].get(look.name)
            if column is not None:
                self._paint_guest(p, column, look, state)
        if state.arrow is not None:
            self._paint_arrow(p, state.arrow)
        p.end()

    # -- helpers
    def _box(self, p: QPainter, rect: QRectF, color: QColor, lit: bool, radius: float,
             dashed: bool = False, border: QColor | None = None, width: float = 1.4) -> None:
        if lit:
            glow = QColor(color)
            for spread, alpha in ((9.0, 40), (5.0, 70), (2.5, 120)):
                glow.setAlpha(alpha)
                p.setPen(QPen(glow, spread))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRoundedRect(rect, radius, radius)
            fill = QColor(color)
            edge = border or color.darker(130)
        else:
            fill = _mix(color, self._bg, 0.84 if not self._dark else 0.72)
            edge = border or _mix(color, self._bg, 0.45)
        pen = QPen(edge, width * (1.6 if lit else 1.0))
        if dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.setBrush(fill)
        p.drawRoundedRect(rect, radius, radius)

    def _text(self, p: QPainter, rect: QRectF, text: str | tuple, font: QFont, color: QColor,
              align=Qt.AlignmentFlag.AlignCenter, box: QRectF | None = None) -> float:
        """Draw text elided to the rect's width; returns the width used.

        `text` may be a tuple of alternatives, longest first: the first that fits is
        drawn (the last one elided if none does).
        """
        fm = QFontMetricsF(font)
        options = (text,) if isinstance(text, str) else tuple(text)
        width = max(0.0, rect.width())
        text = next((t for t in options if fm.horizontalAdvance(t) <= width), options[-1])
        shown = fm.elidedText(text, Qt.TextElideMode.ElideRight, width)
        ink_w, ink_h = fm.horizontalAdvance(shown), fm.ascent() + fm.descent() * 0.5
        if align & Qt.AlignmentFlag.AlignLeft:
            x = rect.left()
        elif align & Qt.AlignmentFlag.AlignRight:
            x = rect.right() - ink_w
        else:
            x = rect.center().x() - ink_w / 2
        ink = QRectF(x, rect.center().y() - ink_h / 2, ink_w, ink_h)
        # Where the glyphs' ink lies as drawText places the line (centred by its height).
        baseline = rect.top() + (rect.height() - fm.height()) / 2 + fm.ascent()
        tight = fm.tightBoundingRect(shown)
        glyphs = QRectF(x, baseline + tight.top(), ink_w, tight.height())
        self._painted.append((QRectF(rect), options, shown, ink, box, glyphs))
        p.setFont(font)
        p.setPen(color)
        p.drawText(rect, int(align | Qt.AlignmentFlag.AlignVCenter), shown)
        return fm.horizontalAdvance(shown)

    @staticmethod
    def _glyphs_fit(fm: QFontMetricsF, text: str, height: float) -> bool:
        """Whether the text's glyphs, centred as drawText centres a line, stay within a
        rect this high (drawText clips to it)."""
        baseline = (height - fm.height()) / 2 + fm.ascent()
        tight = fm.tightBoundingRect(text)
        return baseline + tight.top() >= -0.5 and baseline + tight.bottom() <= height + 0.5

    def _fitting_font(self, text: str, size: float, width: float, bold: bool = True,
                      height: float | None = None) -> QFont:
        """The font at `size`, or down to 70 % of it if that lets the text fit the width
        (and, if given, the height)."""
        for factor in (1.0, 0.85, 0.7):
            font = self._font(size * factor, bold)
            fm = QFontMetricsF(font)
            if fm.horizontalAdvance(text) <= width and (
                    height is None or self._glyphs_fit(fm, text, height)):
                return font
        return font

    def _text_color(self, fill: QColor, lit: bool) -> QColor:
        return theme.text_on(fill) if lit else self._fg

    def _pill(self, p: QPainter, right: float, center_y: float, text: str, color: QColor,
              font: QFont, filled: bool = True) -> QRectF:
        fm = QFontMetricsF(font)
        tw = fm.horizontalAdvance(text)
        h = fm.height() * 1.35
        rect = QRectF(right - tw - h, center_y - h / 2, tw + h, h)
        self._badges.append(QRectF(rect))
        p.setPen(QPen(color, 1.4))
        p.setBrush(color if filled else self._bg)
        p.drawRoundedRect(rect, h / 2, h / 2)
        p.setFont(font)
        p.setPen(theme.text_on(color) if filled else color)
        p.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), text)
        return rect

    # -- header: technique on the left, running/paused and the cycle on the right
    def _paint_header(self, p: QPainter, layout: dict, state: DiagramState) -> None:
        rect = layout["header"]
        title = self.header_title()
        status, color = self._status(state)
        cycle = self._cycle_text(state)
        mono = theme.mono_font(10 * self._zoom(), True)
        fm = QFontMetricsF(mono)
        cycle_w = fm.horizontalAdvance(cycle)
        self._text(p, QRectF(rect.right() - cycle_w, rect.top(), cycle_w, rect.height()),
                   cycle, mono, self._fg, Qt.AlignmentFlag.AlignRight)
        short = self.tr("Native (no VMM)") if state.bare else self.technique_name()
        compact = short if state.bare else self.technique_name(compact=True)
        pill_font = self._font(10, True)
        pill_fm = QFontMetricsF(pill_font)
        pill_right = rect.right() - cycle_w - layout["u"] * 0.7
        # "paused at a VM exit" needs room: when the technique's name would not fit
        # beside it, the pill says "paused" (the VMM's box says what it is doing).
        smallest = QFontMetricsF(self._font(11 * 0.7, True))
        least = smallest.horizontalAdvance(compact)
        if state.reason and not state.halted and not state.running and \
                pill_right - pill_fm.horizontalAdvance(status) - pill_fm.height() * 1.35 \
                - layout["u"] - rect.left() < least:
            status = run_state_label(RunState.PAUSED)
        pill = self._pill(p, pill_right, rect.center().y(), status, color, pill_font)
        self._painted.append((QRectF(pill), (status,), status, QRectF(pill), None,
                              QRectF(pill)))
        room = pill.left() - rect.left() - layout["u"]
        font = self._font(11, True)
        options = (title, short)
        if self.kvm():                 # the hosting matters more than the counts
            options = (title, short + " · " + hosting_label(Hosting.KVM), short + " · kvm",
                       short)
        if compact != short:
            options += (compact,)
        if QFontMetricsF(font).horizontalAdvance(title) > room:
            # The longest that fits as it is, else the longest that fits smaller, else the
            # shortest (elided at last).
            fitting = next((o for o in options[1:]
                            if QFontMetricsF(font).horizontalAdvance(o) <= room), None) \
                or next((o for o in options[1:] if smallest.horizontalAdvance(o) <= room),
                        options[-1])
            options = (fitting, options[-1])
            font = self._fitting_font(fitting, 11, room)   # smaller if it must be
        self._text(p, QRectF(rect.left(), rect.top(), room, rect.height()), options,
                   font, self._fg, Qt.AlignmentFlag.AlignLeft)

    def _status(self, state: DiagramState) -> tuple[str, QColor]:
        """The machine's state in the shared vocabulary: running, paused (at a VM exit, a
        trap, a breakpoint), halted, stalled, powered off."""
        if state.halted:
            run = machine_state(self.session, False)
            return run_state_label(run), QColor(_STATE_COLORS["halted"])
        if state.running:
            return run_state_label(RunState.RUNNING), QColor(_STATE_COLORS["running"])
        return (stop_label(state.reason, not state.bare), QColor(_STATE_COLORS["waiting"]))

    def _cycle_text(self, state: DiagramState) -> str:
        return self.tr("cycle %1").replace("%1", theme.fmt_int(state.cycle))

    # -- host hardware
    def _paint_host(self, p: QPainter, layout: dict, state: DiagramState) -> None:
        rect, u = layout["host"], layout["u"]
        color = QColor(theme.HOST_COLOR)
        if self._dark:
            color = color.lighter(150)
        self._box(p, rect, color, False, u * 0.5, width=1.6)
        s = self.session
        pad = u * 0.8
        text_rect = rect.adjusted(pad, 0, -pad, 0)
        words = theme.fmt_int(s.memory_words)
        title = self.tr("VL32 host: CPU, %1 words of memory, console").replace("%1", words)
        short_title = self.tr("VL32 host: %1 words").replace("%1", words)
        title_font = self._font(11.5, True)
        needed = QFontMetricsF(title_font).horizontalAdvance(title)
        owners = s.memory_owners() if not state.bare else []
        room = text_rect.width() - needed - pad * 2
        if owners and room > u * 14:
            bar_w = min(room, rect.width() * 0.42, u * 30)
            bar = QRectF(rect.right() - pad - bar_w, rect.center().y() - u * 0.45, bar_w,
                         u * 1.5)
            self._paint_memory_bar(p, bar, owners, s.memory_words, state)
            text_rect.setRight(bar.left() - pad)
        if layout["tight"]:                 # one line: what the host is
            self._text(p, text_rect, (title, short_title), title_font, self._fg,
                       Qt.AlignmentFlag.AlignLeft)
            return
        top = QRectF(text_rect.left(), rect.top() + rect.height() * 0.12, text_rect.width(),
                     rect.height() * 0.46)
        self._text(p, top, (title, short_title), title_font, self._fg,
                   Qt.AlignmentFlag.AlignLeft)
        sub = (self.tr("hardware: runs every cycle; the layers above take turns on its CPU"),
               self.tr("the real hardware"))
        low = QRectF(text_rect.left(), top.bottom(), text_rect.width(), rect.height() * 0.32)
        self._text(p, low, sub, self._font(9), self._dim_fg, Qt.AlignmentFlag.AlignLeft)

    def _paint_memory_bar(self, p: QPainter, bar: QRectF, owners, total: int,
                          state: DiagramState) -> None:
        names = [g.name for g in state.guests]
        font = self._font(8.5, True)
        fm = QFontMetricsF(font)
        p.setPen(Qt.PenStyle.NoPen)
        clip = QPainterPath()
        clip.addRoundedRect(bar, bar.height() * 0.3, bar.height() * 0.3)
        p.save()
        p.setClipPath(clip)
        for start, end, owner in owners:
            x0 = bar.left() + bar.width() * start / max(1, total)
            x1 = bar.left() + bar.width() * end / max(1, total)
            seg = QRectF(x0, bar.top(), max(1.0, x1 - x0), bar.height())
            color = theme.owner_color(owner, names)
            if owner == "free":
                color = _mix(self._fg, self._bg, 0.8)
            p.fillRect(seg, color)
            label = {"vmm": self.tr("VMM"), "free": self.tr("free")}.get(owner, owner)
            if fm.horizontalAdvance(label) + 6 < seg.width():
                p.setFont(font)
                p.setPen(theme.text_on(color))
                p.drawText(seg, int(Qt.AlignmentFlag.AlignCenter), label)
                p.setPen(Qt.PenStyle.NoPen)
        p.restore()
        p.setPen(QPen(_mix(self._fg, self._bg, 0.5), 1.0))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(bar, bar.height() * 0.3, bar.height() * 0.3)
        caption = self.tr("memory")
        cap_font = self._font(8.5)
        cfm = QFontMetricsF(cap_font)
        self._text(p, QRectF(bar.left(), bar.top() - cfm.height() * 1.05, bar.width(),
                             cfm.height()), caption, cap_font, self._dim_fg,
                   Qt.AlignmentFlag.AlignLeft)

    # -- the VMM
    def _paint_host_os(self, p: QPainter, layout: dict, state: DiagramState) -> None:
        """Type 2: the host operating system's kernel, lit while an exit passes through it."""
        rect, u = layout["hostos"], layout["u"]
        lit = state.lit == "hostos"
        color = QColor(theme.HOST_COLOR).lighter(135 if self._dark else 120)
        self._box(p, rect, color, lit, u * 0.5, width=1.4)
        fg = self._text_color(color, lit)
        pad = u * 0.8
        text_rect = rect.adjusted(pad, 0, -pad, 0)
        title = self.tr("Host OS kernel (type 2: the VMM is one of its processes)")
        if self.kvm():
            title = self.tr("Host OS kernel with kvm: it schedules the VMs and its processes")
        if lit:
            # The step's label names the host OS already ("host OS: up to the VMM"): its
            # part after the colon, after this title's.
            step = self.step_text(state.step).partition(": ")
            title = self.tr("Host OS kernel: %1").replace("%1", step[2] or step[0])
        self._text(p, text_rect, (title, self.tr("Host OS kernel"), self.tr("host OS")),
                   self._font(10.5, True), fg if lit else self._dim_fg,
                   Qt.AlignmentFlag.AlignLeft)

    def hosted(self) -> bool:
        """A host OS kernel under the VMM (type 2, or kvm): it has a lane of time."""
        return BUCKET_HOST in self.session.buckets()

    def kvm(self) -> bool:
        """The VMM is part of a general-purpose OS running host processes (hosting kvm)."""
        return self.session.scenario.hosting == Hosting.KVM

    def _paint_vmm(self, p: QPainter, layout: dict, state: DiagramState) -> None:
        box, u = layout["vmm"], layout["u"]
        rect = layout["vmm_main"]
        idle = state.lit == "idle"
        lit = state.lit == "vmm" or idle
        color = QColor(theme.IDLE_COLOR if idle else theme.VMM_COLOR)
        self._box(p, box, color, lit, u * 0.5, width=1.6)
        fg = self._text_color(color, lit)
        dim = fg if lit else self._dim_fg
        pad = u * 0.9
        inner = rect.adjusted(pad, rect.height() * 0.12, -pad, -rect.height() * 0.06)
        caption = self.tr("hypervisor · kernel mode")
        left_w = min(inner.width() * 0.34,
                     max(QFontMetricsF(self._font(16, True)).horizontalAdvance(self.tr("VMM")),
                         QFontMetricsF(self._font(9.5)).horizontalAdvance(caption)) + u)
        left = QRectF(inner.left(), inner.top(), left_w, inner.height())
        self._text(p, QRectF(left.left(), left.top(), left.width(), left.height() * 0.55),
                   self.tr("VMM"), self._fitting_font(self.tr("VMM"), 16, left.width(),
                                                      height=left.height() * 0.55), fg,
                   Qt.AlignmentFlag.AlignLeft)
        self._text(p, QRectF(left.left(), left.top() + left.height() * 0.55, left.width(),
                             left.height() * 0.45),
                   (caption, self.tr("kernel mode")), self._font(9.5), dim,
                   Qt.AlignmentFlag.AlignLeft)
        right = QRectF(left.right() + pad, inner.top(), inner.right() - left.right() - pad,
                       inner.height())
        top = QRectF(right.left(), right.top(), right.width(), right.height() * 0.55)
        low = QRectF(right.left(), top.bottom(), right.width(), right.height() * 0.45)
        if state.lit == "vmm":
            name = self.step_text(state.step)
            desc = self.step_description(state.step, state.vmm_for or "", state.instruction,
                                         state.vmm_mode)
            bar_w = min(right.width() * 0.34, u * 16) if right.width() > u * 22 else 0.0
            text_w = right.width() - bar_w - (pad if bar_w else 0)
            self._text(p, QRectF(top.left(), top.top(), text_w, top.height()), name,
                       self._fitting_font(name, 15, text_w, height=top.height()), fg,
                       Qt.AlignmentFlag.AlignLeft)
            forms = self._with_short_form(desc)
            short = self.step_short_description(state.step, state.vmm_for or "")
            if short:
                forms += (short,)
            if state.step == "emulate" and state.instruction:
                forms += (state.instruction,)          # the title says "emulate" already
            self._text(p, QRectF(low.left(), low.top(), text_w, low.height()), forms,
                       self._fitting_font(desc, 9.5, text_w, False), fg,
                       Qt.AlignmentFlag.AlignLeft)
            if bar_w and state.progress:
                done, total = state.progress
                bar = QRectF(right.right() - bar_w, right.center().y() - u * 0.1, bar_w,
                             u * 0.75)
                self._paint_progress(p, bar, done, total, fg)
                label = self.tr("%1 / %2 cycles").replace("%1", theme.fmt_int(done)).replace(
                    "%2", theme.fmt_int(total))
                self._text(p, QRectF(bar.left(), bar.top() - u * 1.25, bar.width(), u * 1.1),
                           label, theme.mono_font(9.5 * self._zoom()), fg,
                           Qt.AlignmentFlag.AlignRight)
        elif idle:
            self._text(p, top, self.tr("idle"), self._font(15, True), fg,
                       Qt.AlignmentFlag.AlignLeft)
            text = self.tr("every guest waits: the CPU sleeps until an interrupt")
            self._text(p, low, (text, self.tr("every guest waits")),
                       self._fitting_font(text, 9.5, low.width(), False), fg,
                       Qt.AlignmentFlag.AlignLeft)
        else:
            exits = theme.fmt_int(state.exits)
            counts = (self.tr("%1 VM exits · %2 world switches").replace("%1", exits).replace(
                "%2", theme.fmt_int(state.switches)), self.tr("%1 VM exits").replace("%1", exits))
            if state.halted:
                # The end: the VMM has switched the machine off.  Its state in the words
                # every panel uses, why, and what it did, each on a line of its own.
                title = run_state_label(machine_state(self.session, False))
                title_font = self._fitting_font(title, 15, top.width(), height=top.height())
                used = self._text(p, top, title, title_font, fg, Qt.AlignmentFlag.AlignLeft)
                room = QRectF(top.left() + used + pad, top.top(),
                              top.width() - used - pad, top.height())
                count_font = self._font(10)
                if QFontMetricsF(count_font).horizontalAdvance(counts[-1]) <= room.width():
                    self._text(p, room, counts, count_font, dim, Qt.AlignmentFlag.AlignRight)
                halted = all(g.state == "halted" for g in state.guests)
                why = ((self.tr("no guest left to run: every guest has halted"),) if halted
                       else ()) + (self.tr("no guest left to run"),)
                self._text(p, low, why, self._fitting_font(why[-1], 9.5, low.width(), False),
                           fg, Qt.AlignmentFlag.AlignLeft)
            else:
                self._text(p, right, counts, self._fitting_font(counts[-1], 10, right.width(),
                                                                False),
                           dim, Qt.AlignmentFlag.AlignRight)
        self._paint_share(p, layout, fg, dim)

    @staticmethod
    def _with_short_form(text: str) -> tuple:
        """A description, and its first clause as the form for when it does not fit."""
        short = text.split(":")[0]
        return (text, short) if short != text else (text,)

    def share_texts(self, share: VmmShare | None = None) -> tuple[str, ...]:
        """The share strip's label, longest first: "VMM: 43% of the last 2,000 cycles"."""
        share = share or self._share or self._compute_share()
        if share is None:
            return ()
        percent = self.tr("%1%").replace("%1", theme.fmt_int(round(share.fraction * 100)))
        return (self.tr("VMM: %1 of the last %2 cycles").replace("%1", percent).replace(
                    "%2", theme.fmt_int(share.cycles)),
                self.tr("VMM: %1").replace("%1", percent))

    def _paint_share(self, p: QPainter, layout: dict, fg: QColor, dim: QColor) -> None:
        """The VMM's share of the last cycles: its label, then the strip, bin by bin."""
        share = self._share
        band, u = layout.get("share"), layout["u"]
        if share is None or band is None:
            return
        font = self._font(9.5, True)
        fm = QFontMetricsF(font)
        texts = self.share_texts(share)
        min_strip = min(band.width() * 0.45, u * 14)
        label = next((t for t in texts if fm.horizontalAdvance(t) <= band.width() - min_strip
                      - u * 0.6), texts[-1])
        used = self._text(p, QRectF(band.left(), band.top(), band.width() - min_strip - u * 0.6,
                                    band.height()), label, font, fg,
                          Qt.AlignmentFlag.AlignLeft)
        strip = QRectF(band.left() + used + u * 0.6, band.top() + band.height() * 0.1,
                       band.right() - band.left() - used - u * 0.6, band.height() * 0.8)
        self._share_strip = QRectF(strip)
        radius = min(4.0, strip.height() / 3)
        p.setPen(QPen(self._bg, 4.0))              # a frame of its own, on a lit box too
        p.setBrush(self._bg)
        p.drawRoundedRect(strip, radius, radius)
        clip = QPainterPath()
        clip.addRoundedRect(strip, radius, radius)
        p.save()
        p.setClipPath(clip)
        names = [g.name for g in (self._state.guests if self._state else ())]
        vmm_color = QColor(theme.VMM_COLOR)
        if self._dark:
            vmm_color = vmm_color.lighter(140)
        n = max(1, len(share.bins))
        step = strip.width() / n
        for index, (fraction, main) in enumerate(share.bins):
            if fraction is None:
                continue
            x0 = strip.left() + index * step
            cell = QRectF(x0, strip.top(), step + 0.6, strip.height())
            if main != "vmm":
                tint = _mix(theme.bucket_color(main, names), self._bg, 0.55)
                p.fillRect(cell, tint)
            if fraction > 0:
                h = strip.height() * fraction
                p.fillRect(QRectF(x0, strip.bottom() - h, step + 0.6, h), vmm_color)
        p.restore()
        p.setPen(QPen(_mix(dim, self._bg, 0.3), 1.0))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(strip, radius, radius)

    def _paint_progress(self, p: QPainter, bar: QRectF, done: int, total: int,
                        fg: QColor) -> None:
        radius = bar.height() / 2
        track = QColor(fg)
        track.setAlpha(60)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(track)
        p.drawRoundedRect(bar, radius, radius)
        frac = 0.0 if total <= 0 else max(0.0, min(1.0, done / total))
        if frac > 0:
            filled = QRectF(bar.left(), bar.top(), max(bar.height(), bar.width() * frac),
                            bar.height())
            p.setBrush(fg)
            p.drawRoundedRect(filled, radius, radius)

    # -- one guest column
    def _paint_guest(self, p: QPainter, column: dict, look: GuestLook,
                     state: DiagramState) -> None:
        col, u = column["col"], self._layout["u"]
        names = [g.name for g in state.guests]
        color = theme.guest_color(look.index)
        finished = look.state in FINISHED_STATES
        dimmed = finished or look.state == PAUSED
        crashed = look.state == "crashed"
        radius = u * 0.7
        # The container: a virtual machine (or, native, the bare machine's software).
        frame = _mix(color, self._bg, 0.93 if not self._dark else 0.85)
        edge = QColor(TRAP_COLOR) if crashed else _mix(color, self._bg, 0.3)
        if dimmed:
            frame = _mix(_mix(self._fg, self._bg, 0.5), self._bg, 0.85)
        pen = QPen(edge, 3.0 if crashed else 1.6)
        if state.bare or look.state == PAUSED:
            pen.setStyle(Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.setBrush(frame)
        p.drawRoundedRect(col, radius, radius)
        if finished:
            hatch = QColor(TRAP_COLOR if crashed else self._fg)
            hatch.setAlpha(45 if not crashed else 60)
            p.setBrush(QBrush(hatch, Qt.BrushStyle.BDiagPattern))
            p.setPen(Qt.PenStyle.NoPen)
            p.drawRoundedRect(col, radius, radius)
        # Title: name, "virtual machine", state badge.
        title = column["title"]
        badge_color = QColor(_STATE_COLORS.get(look.state, theme.IDLE_COLOR))
        # A narrow column (three machines in presenter mode) keeps the whole name: the
        # badge's text gets smaller, and at the last a dot in the state's colour (the
        # tooltip says the state).
        badge_text, badge_font, name_font = self._title_fit(look, title.width(), u)
        badge = self._pill(p, title.right(), title.center().y(), badge_text,
                           badge_color, badge_font, filled=look.state != "ready" or not badge_text)
        name_rect = QRectF(title.left(), title.top(), badge.left() - title.left() - u * 0.5,
                           title.height())
        name_w = self._text(p, name_rect, look.name, name_font,
                            self._fg if not dimmed else self._dim_fg,
                            Qt.AlignmentFlag.AlignLeft)
        kind = self.tr("on the bare machine") if state.bare else self.tr("virtual machine")
        if look.host_process:
            kind = self.tr("host process")
        rest = QRectF(name_rect.left() + name_w + u * 0.6, title.top(),
                      name_rect.width() - name_w - u * 0.6, title.height())
        kind_font = self._font(9.5)
        if QFontMetricsF(kind_font).horizontalAdvance(kind) <= rest.width():
            self._text(p, rest, kind, kind_font, self._dim_fg, Qt.AlignmentFlag.AlignLeft)
        # Processes.
        user_color = theme.bucket_color(f"{look.name}.user", names)
        kernel_color = theme.bucket_color(f"{look.name}.kernel", names)
        if dimmed:
            user_color = _mix(user_color, QColor(theme.IDLE_COLOR), 0.7)
            kernel_color = _mix(kernel_color, QColor(theme.IDLE_COLOR), 0.7)
        user_lit = state.lit == f"guest:{look.name}"   # user mode, but in no known process
        zone = column["zone"]
        if look.host_process:
            self._paint_host_process(p, column, look, state, user_color)
            return
        if not column["procs"]:
            box_h = min(zone.height(), u * 3.2)
            empty = QRectF(zone.left(), zone.bottom() - box_h, zone.width(), box_h)
            if user_lit:
                self._box(p, empty, user_color, True, u * 0.4)
                self._text(p, empty.adjusted(u * 0.5, 0, -u * 0.5, 0),
                           (self.tr("running in user mode"), self.tr("user mode")),
                           self._font(11, True), theme.text_on(user_color))
            else:
                p.setPen(QPen(_mix(self._fg, self._bg, 0.6), 1.0, Qt.PenStyle.DashLine))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRoundedRect(empty, u * 0.4, u * 0.4)
                self._text(p, empty.adjusted(u * 0.5, 0, -u * 0.5, 0),
                           (self.tr("no processes: the kernel runs alone"),
                            self.tr("no processes")), self._font(9.5), self._dim_fg)
        for proc, rect in column["procs"]:
            layer_id = f"process:{look.name}:{proc.name}"
            lit = state.lit == layer_id
            current = look.process == proc.name
            if lit:
                border = color.darker(150 if not self._dark else 100)
            else:
                border = user_color.darker(115) if current else None
            self._box(p, rect, user_color, lit, u * 0.45, border=border,
                      width=2.2 if (current or lit) else 1.2)
            fg = self._text_color(user_color, lit)
            caption = (self.tr("running · user mode"), self.tr("running")) if lit \
                else (self.tr("user mode"),)
            # BASE points at it: the kernel's current process (running or not).  Its tag
            # sits above the name, never over it: when the box is too low for both, the
            # thicker border alone marks it (and the tooltip says so).
            reserve = 0.0
            tag_font = self._font(8, True)
            tfm = QFontMetricsF(tag_font)
            tag_h = tfm.height() * 1.35                    # as _pill draws it
            name_h = QFontMetricsF(self._font(12 * 0.7, True)).height()
            if current and rect.width() > tfm.horizontalAdvance("BASE") * 2 and \
                    rect.height() >= u * 0.3 + tag_h + name_h * 1.15:
                reserve = u * 0.3 + tag_h
                tag_color = color.darker(140) if lit else user_color.darker(135)
                self._pill(p, rect.right() - u * 0.35, rect.top() + u * 0.3 + tag_h / 2,
                           "BASE", tag_color, tag_font)
            self._label_box(p, rect, proc.name, caption, fg, self._dim_fg if not lit else fg,
                            12, reserve)
        # The kernel.
        kernel = column["kernel"]
        lit = state.lit == f"kernel:{look.name}"
        self._box(p, kernel, kernel_color, lit, u * 0.45, width=1.4)
        fg = self._text_color(kernel_color, lit)
        if state.bare:
            captions = (self.tr("kernel mode"),)
            name = self.tr("kernel")
        else:
            captions = self.kernel_captions(look.name)
            name = self.tr("guest kernel")
        if lit:
            running = self.tr("running · %1")
            captions = tuple(running.replace("%1", c) for c in captions) + (self.tr("running"),)
        self._label_box(p, kernel, name, captions, fg, fg if lit else self._dim_fg, 12.5)
        if user_lit and column["procs"]:
            # User mode with a BASE that selects none of the known processes.
            glow = QColor(user_color)
            glow.setAlpha(160)
            p.setPen(QPen(glow, 4.0))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(zone.adjusted(-3, -3, 3, 3), u * 0.5, u * 0.5)
            font = self._font(10, True)
            text = self.tr("running in user mode")
            fm = QFontMetricsF(font)
            pill_w = fm.horizontalAdvance(text) + fm.height() * 1.35    # as _pill draws it
            self._pill(p, zone.center().x() + pill_w / 2, zone.top(), text,
                       user_color.darker(130), font)

    def _title_fit(self, look: GuestLook, width: float, u: float) -> tuple[str, QFont, QFont]:
        """A column title's badge text, badge font and name font: the full badge when the
        name fits beside it (its font down to 70 %), else a smaller badge, else a dot."""
        text = self.badge_text(look)
        for badge_size in (9.5, 8.0):
            badge_font = self._font(badge_size, True)
            fm = QFontMetricsF(badge_font)
            room = width - fm.horizontalAdvance(text) - fm.height() * 1.35 - u * 0.5
            name_font = self._fitting_font(look.name, 13, room)
            if QFontMetricsF(name_font).horizontalAdvance(look.name) <= room:
                return text, badge_font, name_font
        badge_font = self._font(9.5, True)
        room = width - QFontMetricsF(badge_font).height() * 1.35 - u * 0.5
        return "", badge_font, self._fitting_font(look.name, 13, room)

    def _paint_host_process(self, p: QPainter, column: dict, look: GuestLook,
                            state: DiagramState, color: QColor) -> None:
        """kvm: a host process is one box, its program in user mode (no kernel of its own:
        the host kernel below serves it)."""
        box = column["kernel"]
        lit = state.lit == f"kernel:{look.name}"
        u = self._layout["u"]
        self._box(p, box, color, lit, u * 0.45, width=1.4)
        fg = self._text_color(color, lit)
        captions = (self.tr("user mode · its system calls go to the host kernel"),
                    self.tr("user mode"))
        if lit:
            running = self.tr("running · %1")
            captions = tuple(running.replace("%1", c) for c in captions) + (self.tr("running"),)
        name = self.tr("user program")
        pad = min(box.width(), box.height()) * 0.08 + 2          # as _label_box's
        if QFontMetricsF(self._fitting_font(name, 12.5, box.width() - 2 * pad)) \
                .horizontalAdvance(name) > box.width() - 2 * pad:
            name = self.tr("program")                              # a narrow column
        self._label_box(p, box, name, captions, fg, fg if lit else self._dim_fg, 12.5)

    def _label_box(self, p: QPainter, rect: QRectF, name: str, caption: tuple, fg: QColor,
                   caption_fg: QColor, size: float, reserve: float = 0.0) -> None:
        """A name and, if it fits, a caption, centred in a box (below `reserve` pixels
        kept free at its top for a tag)."""
        pad = min(rect.width(), rect.height()) * 0.08 + 2
        name_font = self._fitting_font(name, size, rect.width() - 2 * pad)
        nh = QFontMetricsF(name_font).height()
        # a low box gives its name the whole height rather than clip it
        pad_y = max(0.0, min(pad, (rect.height() - max(0.0, reserve) - nh) / 2))
        inner = rect.adjusted(pad, max(pad_y, reserve), -pad, -pad_y)
        cap_font = self._font(9)
        ch = QFontMetricsF(cap_font).height()
        cfm = QFontMetricsF(cap_font)
        if inner.height() >= nh + ch * 1.1 and any(cfm.horizontalAdvance(c) <= inner.width()
                                                   for c in caption):
            total = nh + ch * 1.1
            y = inner.center().y() - total / 2
            self._text(p, QRectF(inner.left(), y, inner.width(), nh), name, name_font, fg)
            self._text(p, QRectF(inner.left(), y + nh + ch * 0.1, inner.width(), ch), caption,
                       cap_font, caption_fg)
        else:
            self._text(p, inner, name, name_font, fg)

    # -- the arrow of a trap (down) or a return (up)
    def _paint_arrow(self, p: QPainter, arrow: tuple) -> None:
        direction, source, target, label = arrow
        src, dst = self.layer_rect(source), self.layer_rect(target)
        if src is None or dst is None:
            return
        u = self._layout["u"]
        color = QColor(TRAP_COLOR if direction == "down" else RETURN_COLOR)
        if self._dark:
            color = color.lighter(135)
        # Near the left (down) or right (up) edge of the narrower box, clear of its
        # centred text and of the boxes stacked under it.
        narrow = src if src.width() <= dst.width() else dst
        inset = max(u * 0.9, min(narrow.width() * 0.2, u * 4))
        x = narrow.left() + inset if direction == "down" else narrow.right() - inset
        if direction == "down":
            y0, y1 = src.bottom() - u * 0.3, dst.top() - 1.5
        else:
            y0, y1 = src.top() + u * 0.3, dst.bottom() + 1.5
        width = max(3.0, u * 0.22)
        head = width * 3.6
        sign = 1 if y1 > y0 else -1
        shaft_end = y1 - sign * head * 0.9
        halo = QColor(self._bg)
        halo.setAlpha(220)
        for pen_color, pen_width in ((halo, width + 5), (color, width)):
            pen = QPen(pen_color, pen_width)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            p.setPen(pen)
            p.drawLine(QPointF(x, y0), QPointF(x, shaft_end))
        tip = QPolygonF([QPointF(x, y1), QPointF(x - head * 0.75, y1 - sign * head),
                         QPointF(x + head * 0.75, y1 - sign * head)])
        p.setPen(QPen(halo, 3))
        p.setBrush(color)
        p.drawPolygon(tip)
        p.setPen(Qt.PenStyle.NoPen)
        p.drawPolygon(tip)
        # The label: a pill beside the arrow, in the gap the arrow crosses last.
        font = self._font(10.5, True)
        fm = QFontMetricsF(font)
        tw = fm.horizontalAdvance(label)
        lh = fm.height() * 1.45
        pw = min(tw + lh, self.width() * 0.6)
        bands = self._layout.get("bands", {})
        guest = source.split(":")[1] if direction == "down" else target.split(":")[1]
        band = bands.get("") or bands.get(guest)
        cy = band.center().y() if band is not None else (y0 + y1) / 2
        left = x + head
        if left + pw > self.width() - 4:
            left = x - head - pw
        rect = QRectF(max(4.0, left), cy - lh / 2, pw, lh)
        p.setPen(QPen(color, 1.8))
        p.setBrush(self._bg)
        p.drawRoundedRect(rect, lh / 2, lh / 2)
        self._text(p, rect.adjusted(lh * 0.4, 0, -lh * 0.4, 0), label, font, self._fg,
                   box=rect)


__all__ = ["LayerDiagramPanel", "Process", "program_processes", "process_at", "latest_event"]
