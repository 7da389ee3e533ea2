"""Live migration: both hosts, the memory in flight and the rounds (docs/migration.md).

When the session's scenario migrates a guest ([migration]), the panel shows
the source and the destination side by side (each host's clock, which one
holds the guest now and its state there), the phase (waiting, pre-copy
round N, stop-and-copy, done) with the progress of the current round
against the link's words per cycle, the guest's memory block by block (sent
and clean, dirtied since sent, not sent yet: MemoryStrip), a chart of
blocks sent against blocks dirtied per round (RoundsChart), why pre-copy
stopped, and the figures: rounds, traffic as a multiple of memory,
downtime.  Everything comes from Session.migration() (plain data) and the
guest's view, read after each time slice; a scenario that migrates no guest
gets one line saying so.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (QBoxLayout, QFrame, QGridLayout, QHBoxLayout, QLabel, QProgressBar,
                               QScrollArea, QSizePolicy, QVBoxLayout, QWidget)

from .. import theme
from ..labels import guest_state_label
from ..panel import Panel
from .migration_chart import (BAR_FINAL, DIRTY, SENT, UNSENT, MemoryStrip,
                              RoundsChart)

SOURCE, DESTINATION = "source", "destination"
WIDE_COLUMNS = 900      # logical pixels (times the text scale): two columns from this wide
# Session.migration()'s phases (docs/migration.md, "Reading the figures")
WAITING, PRECOPY, STOPPING, DOWNTIME, DONE, ABANDONED = (
    "waiting", "pre-copy", "stopping", "downtime", "done", "abandoned")


translate = QCoreApplication.translate


def _n(value) -> str:
    return "—" if value is None else theme.fmt_int(value)


def _blocks(m: dict) -> int:
    return -(-m["memory_words"] // m["block_words"])


def _block_words(m: dict, block: int) -> int:
    return min(m["block_words"], m["memory_words"] - block * m["block_words"])


def round_progress(m: dict, now: int) -> tuple[int, int]:
    """(words sent so far, words to send) of the round under way, at the link's rate."""
    total = sum(_block_words(m, b) for b in m.get("in_flight", ()))
    sent = max(0, now - m.get("round_start", now)) * m["link_words_per_cycle"]
    return min(sent, total), total


def stop_copy_progress(m: dict, now: int) -> tuple[int, int]:
    """(words sent so far, words to send) of the stop-and-copy: the last dirty blocks and
    the guest's state."""
    total = m["stop_and_copy"]["words"] + m["stop_and_copy"]["state_words"]
    pause = m.get("pause_cycle")
    sent = 0 if pause is None else max(0, now - pause) * m["link_words_per_cycle"]
    return min(sent, total), total


def block_states(m: dict, now: int) -> list[str] | None:
    """Each block of the guest as the destination has it now: SENT (and clean), DIRTY
    (written since it was sent) or UNSENT (not sent yet, in this round); None when the
    read model says no more (the stop-and-copy: the guest is paused, its last blocks
    counted, not listed)."""
    phase, n = m["phase"], _blocks(m)
    if phase == WAITING:
        return [UNSENT] * n
    if phase == DONE:
        return [SENT] * n
    if phase != PRECOPY:
        return None
    states = [SENT] * n
    for b in m.get("dirtied_so_far", ()):
        states[b] = DIRTY
    sent, _total = round_progress(m, now)
    done = 0
    for b in m.get("in_flight", ()):
        w = _block_words(m, b)
        if done + w <= sent:
            done += w
        else:
            states[b] = UNSENT
    return states


def stop_text(m: dict) -> str:
    """Why pre-copy stopped, with the round's figures ("" while it goes on)."""
    reason, rounds = m.get("stop_reason"), m["rounds"]
    if reason is None:
        return ""
    rules = m["rules"]
    last = rounds - 1
    if reason == "converged":
        text = translate("MigrationPanel",
                         "Round %1 dirtied %2 blocks, no more than the rule’s %3, so what is "
                         "left is copied with the guest paused.")
        return (text.replace("%1", _n(rounds)).replace("%2", _n(m["blocks_dirtied"][last]))
                .replace("%3", _n(rules["stop_dirty_blocks"])))
    if reason == "dirty-rate":
        cycles = m["round_cycles"][last]
        text = translate("MigrationPanel",
                         "In round %1 the guest dirtied %2 words in %3 cycles, and the link "
                         "sends %4 in that time: another round would be no shorter, so "
                         "pre-copy stops and the rest is copied with the guest paused.")
        return (text.replace("%1", _n(rounds)).replace("%2", _n(m["words_dirtied"][last]))
                .replace("%3", _n(cycles))
                .replace("%4", _n(cycles * m["link_words_per_cycle"])))
    if reason == "max-rounds":
        text = translate("MigrationPanel",
                         "%1 rounds done, the most the rule allows.")
        return text.replace("%1", _n(rounds))
    if reason == "traffic":
        text = translate("MigrationPanel",
                         "More than %1 × the guest’s memory sent.")
        return text.replace("%1", _n(rules["max_traffic_factor"]))
    if reason == "guest-stopped":
        return translate("MigrationPanel",
                         "The guest stopped before it could move: nothing was migrated.")
    return reason


def reason_label(reason: str | None) -> str:
    """A stop reason in a few words."""
    return {"converged": translate("MigrationPanel", "converged"),
            "dirty-rate": translate("MigrationPanel", "dirty rate above the link’s"),
            "max-rounds": translate("MigrationPanel", "too many rounds"),
            "traffic": translate("MigrationPanel", "too much traffic"),
            "guest-stopped": translate("MigrationPanel", "the guest stopped first"),
            None: "—"}.get(reason, reason)


class WrapLabel(QLabel):
    """A word-wrapped label that asks for the height its text needs at the width it got
    (a box layout beside other columns guesses the width first, and would cut it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)

    def _fit(self) -> None:
        old = self.minimumHeight()
        # (QLabel's heightForWidth is never under the minimum height: measure without it)
        self.setMinimumHeight(0)
        need = max(0, self.heightForWidth(self.width())) if self.text() else 0
        self.setMinimumHeight(need if need != old else old)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()


class HostCard(QFrame):
    """One host: its name, its clock, and the migrating guest's state on it."""

    def __init__(self, key: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName(f"migration-host-{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        self.name = WrapLabel(self)
        self.clock = WrapLabel(self)
        self.guest = WrapLabel(self)
        self.others = WrapLabel(self)
        for label in (self.name, self.clock, self.guest, self.others):
            layout.addWidget(label)
        self.holds = False

    def apply_style(self) -> None:
        self.name.setFont(theme.ui_font(10.5, bold=True))
        self.clock.setFont(theme.ui_font(9))
        self.guest.setFont(theme.ui_font(10))
        self.others.setFont(theme.ui_font(9))
        self._frame()

    def set_holds(self, holds: bool) -> None:
        if holds != self.holds:
            self.holds = holds
            self._frame()

    def _frame(self) -> None:
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        border = palette.color(QPalette.ColorRole.Mid)
        accent = QColor("#1f9d55") if self.holds else border
        width = 4 if self.holds else 1
        self.setStyleSheet(
            f"QFrame#{self.objectName()} {{ background: {base.name()}; border: 1px solid "
            f"{border.name()}; border-top: {width}px solid {accent.name()}; "
            f"border-radius: 4px; }}")


class Figure(QFrame):
    """A headline figure: the value, a caption under it."""

    def __init__(self, key: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName(f"migration-figure-{key}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(0)
        self.value = QLabel(self)
        self.value.setObjectName(f"migration-value-{key}")
        self.caption = WrapLabel(self)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)

    def apply_style(self) -> None:
        self.value.setFont(theme.ui_font(14, bold=True))
        self.caption.setFont(theme.ui_font(8.5))
        palette = self.palette()
        self.setStyleSheet(
            f"QFrame#{self.objectName()} {{ background: "
            f"{palette.color(QPalette.ColorRole.Base).name()}; border: 1px solid "
            f"{palette.color(QPalette.ColorRole.Mid).name()}; border-left: 4px solid "
            f"{BAR_FINAL}; border-radius: 4px; }}")


class MigrationPanel(Panel):
    panel_id = "migration"

    FIGURES = ("rounds", "traffic", "downtime")

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self._shown_key = None
        self.data: dict | None = None
        self._build()
        self.apply_style()
        self.retranslate()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(self.scroll)
        content = QWidget(self.scroll)
        content.setObjectName("migration-content")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        self.message = WrapLabel(content)          # no migration: one line
        self.message.setObjectName("migration-none")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.body = QWidget(content)
        # Wide: the hosts and the memory on the left, the rounds and figures on the right;
        # narrow: one column.
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.body)
        self.columns.setContentsMargins(0, 0, 0, 0)
        self.columns.setSpacing(12)
        body = QVBoxLayout()
        body.setSpacing(6)
        right = QVBoxLayout()
        right.setSpacing(6)
        self.columns.addLayout(body, 1)
        self.columns.addLayout(right, 1)
        self.phase = WrapLabel(self.body)
        self.phase.setObjectName("migration-phase")
        self.phase.setWordWrap(True)
        body.addWidget(self.phase)
        self.progress_text = WrapLabel(self.body)
        self.progress_text.setObjectName("migration-progress-text")
        self.progress_text.setWordWrap(True)
        body.addWidget(self.progress_text)
        self.progress = QProgressBar(self.body)
        self.progress.setObjectName("migration-progress")
        self.progress.setTextVisible(False)
        body.addWidget(self.progress)
        hosts = QHBoxLayout()
        hosts.setSpacing(6)
        self.hosts = {key: HostCard(key, self.body) for key in (SOURCE, DESTINATION)}
        self.link = WrapLabel(self.body)
        self.link.setObjectName("migration-link")
        self.link.setWordWrap(True)
        self.link.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.link.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        hosts.addWidget(self.hosts[SOURCE], 3)
        hosts.addWidget(self.link, 1)
        hosts.addWidget(self.hosts[DESTINATION], 3)
        body.addLayout(hosts)
        self.strip = MemoryStrip(self.body)
        body.addWidget(self.strip)
        body.addStretch(1)
        self.chart = RoundsChart(self.body)
        right.addWidget(self.chart)
        self.stop = WrapLabel(self.body)
        self.stop.setObjectName("migration-stop")
        self.stop.setWordWrap(True)
        self.stop.setTextFormat(Qt.TextFormat.RichText)
        right.addWidget(self.stop)
        self.figures_grid = QGridLayout()
        self.figures_grid.setSpacing(6)
        self.figures = {key: Figure(key, self.body) for key in self.FIGURES}
        for i, key in enumerate(self.FIGURES):
            self.figures_grid.addWidget(self.figures[key], 0, i)
            self.figures_grid.setColumnStretch(i, 1)
        right.addLayout(self.figures_grid)
        self.rules = WrapLabel(self.body)
        self.rules.setObjectName("migration-rules")
        self.rules.setWordWrap(True)
        right.addWidget(self.rules)
        right.addStretch(1)
        layout.addWidget(self.body)
        layout.addStretch(1)
        self.scroll.setWidget(content)
        self.content = content

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        wide = self.width() >= WIDE_COLUMNS * theme.scale()
        self.columns.setDirection(QBoxLayout.Direction.LeftToRight if wide
                                  else QBoxLayout.Direction.TopToBottom)

    def title(self) -> str:
        return self.tr("Migration")

    def apply_style(self) -> None:
        self.message.setFont(theme.ui_font(10))
        self.phase.setFont(theme.ui_font(12, bold=True))
        self.progress_text.setFont(theme.ui_font(10))
        self.progress.setFixedHeight(max(8, int(theme.ui_font(9).pointSizeF() * 1.1)))
        self.link.setFont(theme.ui_font(9))
        self.stop.setFont(theme.ui_font(10))
        self.rules.setFont(theme.ui_font(9))
        for card in self.hosts.values():
            card.apply_style()
        for figure in self.figures.values():
            figure.apply_style()
        self.strip.relayout()
        self.chart.relayout()
        self._shown_key = None
        self.refresh()

    def retranslate(self) -> None:
        self._shown_key = None
        self.refresh()

    def on_session_replaced(self) -> None:
        self._shown_key = None

    # ------------------------------------------------------------------ refresh
    def refresh(self) -> None:
        if not hasattr(self, "rules"):
            return
        s = self.session
        key = (id(s), s.cycle, len(s.actions))
        if key == self._shown_key:
            return
        self._shown_key = key
        m = self.data = s.migration()
        if m is None:
            self.body.hide()
            self.message.setText(self.tr(
                "This scenario migrates no guest: open migrate-converges or "
                "migrate-never-converges to watch a live migration."))
            self.message.show()
            return
        self.message.hide()
        self.body.show()
        view = s.guest(m["guest"])
        now = m["hosts"][SOURCE]["cycles"]
        self._show_phase(m, now)
        self._show_hosts(m, view.state)
        self._show_memory(m, now)
        self._show_chart(m, now)
        self._show_figures(m)

    def phase_text(self, m: dict) -> str:
        phase, guest = m["phase"], m["guest"]
        if phase == WAITING:
            return self.tr("Live migration of %1: waiting, pre-copy starts at cycle %2").replace(
                "%1", guest).replace("%2", _n(m["start_cycle"]))
        if phase == PRECOPY:
            return self.tr("Live migration of %1: pre-copy, round %2").replace(
                "%1", guest).replace("%2", _n(m["rounds"] + 1))
        if phase == STOPPING:
            return self.tr("Live migration of %1: stop-and-copy, pausing the guest").replace(
                "%1", guest)
        if phase == DOWNTIME:
            return self.tr("Live migration of %1: stop-and-copy, the guest is paused").replace(
                "%1", guest)
        if phase == DONE:
            return self.tr("Live migration of %1: done, it runs on the destination").replace(
                "%1", guest)
        return self.tr("Live migration of %1: abandoned").replace("%1", guest)

    def _show_phase(self, m: dict, now: int) -> None:
        self.phase.setText(self.phase_text(m))
        link = _n(m["link_words_per_cycle"])
        phase = m["phase"]
        if phase == PRECOPY:
            sent, total = round_progress(m, now)
            text = (self.tr("Round %1: %2 of %3 words sent, the link carries %4 words a cycle")
                    .replace("%1", _n(m["rounds"] + 1)).replace("%2", _n(sent))
                    .replace("%3", _n(total)).replace("%4", link))
        elif phase == DOWNTIME:
            sent, total = stop_copy_progress(m, now)
            text = (self.tr("Stop-and-copy: %1 of %2 words sent (the last dirty blocks, the "
                            "VCPU and the devices), the link carries %3 words a cycle; the "
                            "guest resumes on the destination at cycle %4")
                    .replace("%1", _n(sent)).replace("%2", _n(total)).replace("%3", link)
                    .replace("%4", _n(m["resume_cycle"])))
        elif phase == STOPPING:
            sent, total = 0, 1
            text = self.tr("The guest is paused at its next VM exit; then what is left "
                           "crosses the link")
        elif phase == DONE:
            sent, total = 1, 1
            text = (self.tr("The guest stopped at cycle %1 and resumed on the destination at "
                            "cycle %2")
                    .replace("%1", _n(m["pause_cycle"])).replace("%2", _n(m["resume_cycle"])))
        else:
            sent, total = 0, 1
            text = (self.tr("The link carries %1 words a cycle").replace("%1", link)
                    if phase == WAITING else stop_text(m))
        self.progress_text.setText(text)
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(sent)
        self.progress.setVisible(phase in (PRECOPY, DOWNTIME, DONE))

    def host_texts(self, m: dict, state: str) -> dict[str, tuple[str, str, str, str]]:
        """Per host: its name, its clock, the migrating guest there, other guests."""
        phase, guest, hosts = m["phase"], m["guest"], m["hosts"]
        on_dest = m["host"] == DESTINATION
        here = guest_state_label(state)
        if phase in (WAITING, PRECOPY):
            src = self.tr("%1: %2, running while its memory is copied").replace(
                "%1", guest).replace("%2", here) if phase == PRECOPY else f"{guest}: {here}"
            dst = self.tr("waiting for %1: its memory arrives round by round").replace(
                "%1", guest)
        elif phase == STOPPING:
            src = self.tr("%1: pausing for the stop-and-copy").replace("%1", guest)
            dst = self.tr("waiting for %1: its memory arrives round by round").replace(
                "%1", guest)
        elif phase == DOWNTIME:
            src = self.tr("%1: paused for the stop-and-copy").replace("%1", guest)
            dst = self.tr("receiving the last blocks, the VCPU and the devices of %1").replace(
                "%1", guest)
        elif phase == DONE:
            src = self.tr("%1 has left: powered off here, its memory freed").replace(
                "%1", guest)
            dst = self.tr("%1: %2, resumed at cycle %3").replace("%1", guest).replace(
                "%2", here).replace("%3", _n(m["resume_cycle"]))
        else:
            src = f"{guest}: {here}"
            dst = self.tr("%1 never came").replace("%1", guest)
        out = {}
        for key, name, line in ((SOURCE, self.tr("Source host"), src),
                                (DESTINATION, self.tr("Destination host"), dst)):
            h = hosts[key]
            if h["halted"]:
                clock = self.tr("stopped at cycle %1").replace("%1", _n(h["cycles"]))
            else:
                clock = self.tr("cycle %1").replace("%1", _n(h["cycles"]))
            if (key == DESTINATION) == on_dest:
                name = self.tr("%1 (holds the guest)").replace("%1", name)
            others = [g for g in h["guests"] if g != guest]
            also = (self.tr("also here: %1").replace("%1", ", ".join(others))
                    if others else "")
            out[key] = (name, clock, line, also)
        return out

    def _show_hosts(self, m: dict, state: str) -> None:
        for key, (name, clock, line, also) in self.host_texts(m, state).items():
            card = self.hosts[key]
            card.name.setText(name)
            card.clock.setText(clock)
            card.guest.setText(line)
            card.others.setText(also)
            card.others.setVisible(bool(also))
            card.set_holds((key == DESTINATION) == (m["host"] == DESTINATION))
        self.link.setText(self.tr("→ link →\n%1 words a cycle\n%2 cycles of latency")
                          .replace("%1", _n(m["link_words_per_cycle"]))
                          .replace("%2", _n(m["link_latency"])))

    def _show_memory(self, m: dict, now: int) -> None:
        states = block_states(m, now)
        caption = (self.tr("%1: %2 blocks of %3 words, one square each")
                   .replace("%1", m["guest"]).replace("%2", _n(_blocks(m)))
                   .replace("%3", _n(m["block_words"])))
        note = ""
        phase = m["phase"]
        if phase == STOPPING:
            note = (self.tr("The guest is being paused; the %1 blocks it dirtied in the last "
                            "round, and any it writes until it stops, go with it")
                    .replace("%1", _n(m["blocks_dirtied"][-1] if m["blocks_dirtied"] else 0)))
        elif phase == DOWNTIME:
            sc = m["stop_and_copy"]
            note = (self.tr("The guest is paused: %1 dirty blocks (%2 words) and its state "
                            "(%3 words) cross the link")
                    .replace("%1", _n(sc["blocks"])).replace("%2", _n(sc["words"]))
                    .replace("%3", _n(sc["state_words"])))
        elif phase == ABANDONED:
            note = stop_text(m)
        elif phase == DONE:
            note = self.tr("Every block is on the destination.")
        self.strip.set_model(states, caption if states is not None else "", note)

    def _show_chart(self, m: dict, now: int) -> None:
        current = None
        if m["phase"] == PRECOPY:
            sent, _total = round_progress(m, now)
            blocks, done = 0, 0
            for b in m.get("in_flight", ()):
                w = _block_words(m, b)
                if done + w > sent:
                    break
                done += w
                blocks += 1
            current = (blocks, len(m.get("dirtied_so_far", ())))
        final = (m["stop_and_copy"]["blocks"] if m["phase"] in (DOWNTIME, DONE) else None)
        self.chart.set_model(list(zip(m["blocks_sent"], m["blocks_dirtied"])),
                             m["round_cycles"], current, final,
                             m["rules"]["stop_dirty_blocks"], _blocks(m))
        reason = m.get("stop_reason")
        if reason is None:
            self.stop.setText("")
            self.stop.hide()
        else:
            self.stop.setText(self.tr("<b>Stop rule: %1.</b> %2").replace(
                "%1", html.escape(reason_label(reason))).replace(
                    "%2", html.escape(stop_text(m))))
            self.stop.show()

    def _show_figures(self, m: dict) -> None:
        f = self.figures
        f["rounds"].value.setText(_n(m["rounds"]))
        f["rounds"].caption.setText(self.tr("pre-copy rounds"))
        f["traffic"].value.setText(f"{theme.fmt_float(m['traffic_factor'], 2)} ×")
        f["traffic"].caption.setText(self.tr("traffic: %1 words, as a multiple of the "
                                             "guest’s memory").replace(
                                                 "%1", _n(m["total_words_sent"])))
        f["downtime"].value.setText(_n(m["downtime_cycles"]))
        f["downtime"].caption.setText(self.tr("cycles of downtime"))
        rules = m["rules"]
        self.rules.setText(
            self.tr("Stop rules, in order: at most %1 blocks dirtied in a round (converged), "
                    "%2 rounds, more than %3 × the memory sent, or a dirty rate at least the "
                    "link’s.")
            .replace("%1", _n(rules["stop_dirty_blocks"])).replace("%2", _n(rules["max_rounds"]))
            .replace("%3", _n(rules["max_traffic_factor"])))

    # ------------------------------------------------------------------ for tests
    def shown(self) -> dict:
        """What the panel says now, as texts (tests, lessons)."""
        if self.message.isVisibleTo(self):
            return {"message": self.message.text()}
        return {"phase": self.phase.text(), "progress": self.progress_text.text(),
                "stop": self.stop.text(),
                "hosts": {k: (c.name.text(), c.clock.text(), c.guest.text(), c.others.text())
                          for k, c in self.hosts.items()},
                "figures": {k: (f.value.text(), f.caption.text())
                            for k, f in self.figures.items()},
                "rules": self.rules.text()}


__all__ = ["MigrationPanel", "block_states", "reason_label", "round_progress", "stop_text"]
