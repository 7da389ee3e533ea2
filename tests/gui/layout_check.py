"""The layout check: walk a window's visible widgets and find text a person cannot read.

Used by tests/gui/test_layout_check.py over every window size, presenter mode,
language and view a lesson can focus.  For each visible widget that shows text
(labels, buttons, combo boxes, tab bars, header sections, item view cells,
group box and dock titles, line edits' placeholders) it measures the text with
QFontMetrics(widget.font()) against the room the widget gives it, and reports:

- "cut": the text is wider (or taller) than the widget's contents;
- "elided": the widget shows a shortened text ("…") of a longer one;
- "overlap": two widgets laid out side by side cover each other (a layout
  squeezed below its minimum), or a widget sticks out of its parent;
- "small": in presenter mode, text smaller than MIN_PRESENTER_PX pixels.

A widget that paints its own text (the layer diagram) is asked through its
cut_texts() method, when it has one: (text meant, text shown, why) for each
text its last paint had to cut.

Each Problem names the widget's class, object name, text, the panel it is in
and the widget's size, so a failing test says exactly what to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6 import QtGui
from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QFontInfo, QFontMetrics, QTextDocument
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QCheckBox, QComboBox,
                               QDockWidget, QGroupBox, QHeaderView, QLabel, QLayout, QLineEdit,
                               QMainWindow, QMenuBar, QPushButton, QRadioButton, QScrollBar,
                               QStyle, QStyleOptionButton, QStyleOptionComboBox,
                               QStyleOptionGroupBox, QTabBar, QTableView, QToolBar,
                               QToolButton, QTreeView, QWidget)

MIN_PRESENTER_PX = 18      # the smallest text in presenter mode (font pixel size)
SLACK = 1                  # pixels of rounding forgiven
MAX_ROWS = 80              # item view rows looked at (the visible ones, from the top)


@dataclass
class Problem:
    kind: str          # cut, elided, overlap, small
    widget: QWidget
    panel: str
    text: str
    detail: str

    def describe(self) -> str:
        w = self.widget
        name = w.objectName() or "-"
        return (f"{self.kind}: {type(w).__name__} '{name}' in panel '{self.panel}' "
                f"({w.width()}x{w.height()}) text {self.text!r}: {self.detail}")


def panel_of(widget: QWidget, window: QWidget) -> str:
    """The panel (its panel_id) a widget belongs to, or the window's part it is in."""
    w = widget
    while w is not None and w is not window:
        panel_id = getattr(type(w), "panel_id", None)
        if panel_id is not None and isinstance(w, QWidget) and hasattr(w, "controller"):
            return panel_id
        if isinstance(w, QDockWidget):
            inner = w.widget()
            return getattr(inner, "panel_id", w.objectName())
        if isinstance(w, QToolBar):
            return "toolbar"
        if isinstance(w, QMenuBar):
            return "menu bar"
        if type(w).__name__ == "QStatusBar":
            return "status bar"
        w = w.parentWidget()
    return "window"


def _plain(text: str) -> str:
    """A button's or menu's text without its mnemonic ampersands."""
    return re.sub(r"&(.)", r"\1", text)


def _lines(text: str) -> list[str]:
    return text.split("\n") if text else []


def _width(fm: QFontMetrics, text: str) -> int:
    return max((fm.horizontalAdvance(line) for line in _lines(text)), default=0)


def _shown(widget: QWidget, window: QWidget) -> bool:
    """Visible on screen: shown, not zero-sized, not scrolled wholly out of a viewport."""
    if not widget.isVisible() or widget.width() <= 0 or widget.height() <= 0:
        return False
    # Clipped by every parent up to the window (a scroll area's viewport, a dock).
    rect = widget.rect()
    child = widget
    while child is not window and child.parentWidget() is not None and not child.isWindow():
        parent = child.parentWidget()
        rect = rect.translated(child.pos()).intersected(parent.rect())
        if rect.isEmpty():
            return False
        child = parent
    return True


def _is_rich(label: QLabel) -> bool:
    fmt = label.textFormat()
    if fmt == Qt.TextFormat.PlainText:
        return False
    if fmt in (Qt.TextFormat.RichText, Qt.TextFormat.MarkdownText):
        return True
    return QtGui.Qt.mightBeRichText(label.text())


class LayoutChecker:
    """Finds the problems of one window as it is on screen now."""

    def __init__(self, window: QWidget, presenter: bool = False,
                 ignore_overlap=None) -> None:
        self.window = window
        self.presenter = presenter
        self.problems: list[Problem] = []
        self._ignore_overlap = ignore_overlap or (lambda w: False)

    # ------------------------------------------------------------------ helpers
    def _add(self, kind: str, widget: QWidget, text: str, detail: str) -> None:
        self.problems.append(Problem(kind, widget, panel_of(widget, self.window), text, detail))

    def _font_size(self, widget: QWidget, font, text: str) -> None:
        if not self.presenter or not text.strip():
            return
        px = QFontInfo(font).pixelSize()
        if px < MIN_PRESENTER_PX:
            self._add("small", widget, text, f"font {px} px < {MIN_PRESENTER_PX} px")

    def _fit(self, widget: QWidget, text: str, need: int, room: int, what: str = "") -> None:
        if need > room + SLACK:
            self._add("cut", widget, text,
                      f"{what}needs {need} px, has {room} px")

    def _elided(self, widget: QWidget, text: str) -> None:
        """Text ending in "…" whose tooltip holds the longer text it was cut from."""
        shown = text.rstrip()
        if not shown.endswith("…"):
            return
        stem = shown[:-1].rstrip()
        tip = re.sub(r"<[^>]+>", "", widget.toolTip() or "")
        if stem and stem in tip and len(tip.strip()) > len(stem) + 1:
            self._add("elided", widget, text, f"shortened from {tip.strip()[:80]!r}")

    # ------------------------------------------------------------------ walking
    def run(self) -> list[Problem]:
        widgets = [self.window] + self.window.findChildren(QWidget)
        for widget in widgets:
            if not _shown(widget, self.window):
                continue
            self.check(widget)
        self._overlaps(widgets)
        return self.problems

    def check(self, w: QWidget) -> None:
        painted = getattr(w, "cut_texts", None)
        if callable(painted):
            # A panel that paints its own text says what its last paint had to cut.
            for meant, shown, why in painted():
                self._add("cut", w, meant, f"painted as {shown!r}: {why}")
        if isinstance(w, QLabel):
            self._label(w)
        elif isinstance(w, QComboBox):
            self._combo(w)
        elif isinstance(w, QAbstractButton):
            self._button(w)
        elif isinstance(w, QTabBar):
            self._tabs(w)
        elif isinstance(w, QHeaderView):
            self._header(w)
        elif isinstance(w, QLineEdit):
            self._line_edit(w)
        elif isinstance(w, QAbstractItemView):
            self._cells(w)
        if isinstance(w, QGroupBox):
            self._group_box(w)
        elif isinstance(w, QDockWidget):
            self._dock(w)
        elif isinstance(w, QToolBar):
            self._toolbar(w)

    # ------------------------------------------------------------------ kinds of widgets
    def _label(self, label: QLabel) -> None:
        text = label.text()
        if not text or label.pixmap() is not None and not label.pixmap().isNull():
            return
        self._font_size(label, label.font(), text)
        self._elided(label, text)
        cr = label.contentsRect()
        margin = label.margin()
        room_w = cr.width() - 2 * margin - max(0, label.indent())
        room_h = cr.height() - 2 * margin
        fm = QFontMetrics(label.font())
        if label.wordWrap():
            need = label.heightForWidth(label.width())
            if need > label.height() + SLACK:
                self._add("cut", label, text,
                          f"wrapped text needs {need} px of height, has {label.height()} px")
            if _is_rich(label):
                return
            # A single word longer than the line cannot wrap.
            longest = max((fm.horizontalAdvance(word) for word in text.split()), default=0)
            self._fit(label, text, longest, room_w, "a word ")
            return
        if _is_rich(label):
            doc = QTextDocument()
            doc.setDefaultFont(label.font())
            doc.setDocumentMargin(0)
            if label.textFormat() == Qt.TextFormat.MarkdownText:
                doc.setMarkdown(text)
            else:
                doc.setHtml(text)
            need_w, need_h = int(doc.idealWidth() + 0.999), int(doc.size().height())
        else:
            need_w = _width(fm, text)
            need_h = fm.height() + fm.lineSpacing() * (len(_lines(text)) - 1)
        self._fit(label, text, need_w, room_w)
        if need_h > room_h + 2:
            self._add("cut", label, text, f"needs {need_h} px of height, has {room_h} px")

    def _button(self, button: QAbstractButton) -> None:
        text = _plain(button.text())
        if not text.strip():
            return
        fm = QFontMetrics(button.font())
        need = _width(fm, text)
        if isinstance(button, QToolButton):
            style = button.toolButtonStyle()
            if style == Qt.ToolButtonStyle.ToolButtonIconOnly:
                return
            if style == Qt.ToolButtonStyle.ToolButtonFollowStyle:
                if button.icon() and not button.icon().isNull():
                    return
            room = button.width() - 2 * button.style().pixelMetric(
                QStyle.PixelMetric.PM_ButtonMargin, None, button) // 2 - 2
            if style == Qt.ToolButtonStyle.ToolButtonTextBesideIcon and not button.icon().isNull():
                room -= button.iconSize().width() + 4
            if button.popupMode() == QToolButton.ToolButtonPopupMode.MenuButtonPopup:
                room -= button.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator,
                                                   None, button)
            self._font_size(button, button.font(), text)
            self._elided(button, text)
            self._fit(button, text, need, room)
            return
        opt = QStyleOptionButton()
        opt.initFrom(button)
        opt.text = button.text()
        style = button.style()
        if isinstance(button, (QCheckBox, QRadioButton)):
            element = (QStyle.SubElement.SE_CheckBoxContents if isinstance(button, QCheckBox)
                       else QStyle.SubElement.SE_RadioButtonContents)
            room = style.subElementRect(element, opt, button).width()
        else:
            room = style.subElementRect(QStyle.SubElement.SE_PushButtonContents, opt,
                                        button).width()
            if isinstance(button, QPushButton) and button.menu() is not None:
                room -= style.pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, None, button)
        if not button.icon().isNull():
            room -= button.iconSize().width() + 4
        self._font_size(button, button.font(), text)
        self._elided(button, text)
        self._fit(button, text, need, room)

    def _combo(self, combo: QComboBox) -> None:
        shown = getattr(combo, "display_text", None)     # a picker that paints a short text
        text = shown() if callable(shown) else combo.currentText()
        if not text:
            return
        opt = QStyleOptionComboBox()
        opt.initFrom(combo)
        opt.editable = combo.isEditable()
        opt.currentText = text
        opt.frame = combo.hasFrame()
        room = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, opt,
                                            QStyle.SubControl.SC_ComboBoxEditField,
                                            combo).width()
        if not combo.itemIcon(combo.currentIndex()).isNull():
            room -= combo.iconSize().width() + 4
        self._font_size(combo, combo.font(), text)
        self._fit(combo, text, QFontMetrics(combo.font()).horizontalAdvance(text), room)

    def _tabs(self, bar: QTabBar) -> None:
        fm = QFontMetrics(bar.font())
        space = bar.style().pixelMetric(QStyle.PixelMetric.PM_TabBarTabHSpace, None, bar)
        for i in range(bar.count()):
            if not bar.isTabVisible(i):
                continue
            text = _plain(bar.tabText(i))
            rect = bar.tabRect(i)
            self._font_size(bar, bar.font(), text)
            if rect.right() > bar.width() + SLACK or rect.left() < -SLACK:
                self._add("cut", bar, text, f"tab {i} lies outside the tab bar "
                          f"({rect.left()}..{rect.right()} of {bar.width()} px)")
                continue
            room = rect.width() - space
            if not bar.tabIcon(i).isNull():
                room -= bar.iconSize().width() + 4
            for side in (QTabBar.ButtonPosition.LeftSide, QTabBar.ButtonPosition.RightSide):
                button = bar.tabButton(i, side)
                if button is not None and button.isVisible():
                    room -= button.width()
            self._fit(bar, text, fm.horizontalAdvance(text), room, f"tab {i} ")

    def _header(self, header: QHeaderView) -> None:
        model = header.model()
        if model is None:
            return
        orientation = header.orientation()
        style = header.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        for section in range(header.count()):
            if header.isSectionHidden(section) or header.sectionSize(section) <= 0:
                continue
            text = model.headerData(section, orientation, Qt.ItemDataRole.DisplayRole)
            if text is None or not str(text).strip():
                continue
            text = str(text)
            font = model.headerData(section, orientation, Qt.ItemDataRole.FontRole) or header.font()
            fm = QFontMetrics(font)
            self._font_size(header, font, text)
            need_w = _width(fm, text) + 2 * margin
            lines = len(_lines(text))
            need_h = fm.height() + fm.lineSpacing() * (lines - 1)
            if orientation == Qt.Orientation.Horizontal:
                room_w, room_h = header.sectionSize(section), header.height() - 2
                if header.isSortIndicatorShown() and header.sortIndicatorSection() == section:
                    room_w -= style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None,
                                                header) + margin
            else:
                room_w, room_h = header.width(), header.sectionSize(section)
            self._fit(header, text, need_w, room_w, f"section {section} ")
            if orientation == Qt.Orientation.Horizontal:
                # A section the view's edge cuts through: its text half shown.
                left = header.sectionViewportPosition(section)
                shown = min(header.width(), left + header.sectionSize(section)) - max(0, left)
                if 0 < shown < header.sectionSize(section) and shown < need_w:
                    self._add("cut", header, text, f"section {section} cut by the view's "
                              f"edge: {shown} px of {need_w} px shown")
            if need_h > room_h + 2:
                self._add("cut", header, text,
                          f"section {section} needs {need_h} px of height, has {room_h} px")

    def _cells(self, view: QAbstractItemView) -> None:
        model = view.model()
        if model is None or not isinstance(view, (QTableView, QTreeView)):
            return
        viewport = view.viewport().rect()
        margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
        rows = model.rowCount(view.rootIndex())
        columns = model.columnCount(view.rootIndex())
        seen = 0
        for row in range(rows):
            if seen >= MAX_ROWS:
                break
            first = model.index(row, 0, view.rootIndex())
            rect = view.visualRect(first)
            if rect.bottom() < 0:
                continue
            if rect.top() > viewport.bottom():
                break
            seen += 1
            for column in range(columns):
                index = model.index(row, column, view.rootIndex())
                self._cell(view, index, margin)

    def _cell(self, view: QAbstractItemView, index: QModelIndex, margin: int) -> None:
        if isinstance(view, QTableView) and (view.isColumnHidden(index.column())
                                             or view.isRowHidden(index.row())):
            return
        if isinstance(view, QTreeView) and view.isColumnHidden(index.column()):
            return
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if text is None:
            return
        text = str(text)
        if not text.strip():
            return
        rect = view.visualRect(index)
        if rect.width() <= 0:
            return
        font = index.data(Qt.ItemDataRole.FontRole) or view.font()
        fm = QFontMetrics(font)
        room = rect.width() - 2 * margin
        if index.data(Qt.ItemDataRole.DecorationRole) is not None:
            room -= view.iconSize().width() if view.iconSize().width() > 0 else 16
            room -= 4
        if index.data(Qt.ItemDataRole.CheckStateRole) is not None:
            room -= 20
        self._font_size(view, font, text)
        if view.wordWrap() and fm.horizontalAdvance(text) > room:
            need_h = fm.boundingRect(QRect(0, 0, max(1, room), 10_000),
                                     int(Qt.TextFlag.TextWordWrap), text).height()
            if need_h > rect.height() + SLACK:
                self._add("cut", view, text, f"cell ({index.row()}, {index.column()}) "
                          f"wrapped needs {need_h} px of height, has {rect.height()} px")
            return
        self._fit(view, text, _width(fm, text), room,
                  f"cell ({index.row()}, {index.column()}) ")

    def _line_edit(self, edit: QLineEdit) -> None:
        text = edit.placeholderText() if not edit.text() else ""
        if not text:
            return            # what the user typed scrolls; a placeholder should fit
        cr = edit.contentsRect()
        margins = edit.textMargins()
        frame = edit.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, edit)
        room = cr.width() - margins.left() - margins.right() - 2 * frame - 4
        self._font_size(edit, edit.font(), text)
        self._fit(edit, text, QFontMetrics(edit.font()).horizontalAdvance(text), room,
                  "placeholder ")

    def _group_box(self, box: QGroupBox) -> None:
        text = _plain(box.title())
        if not text:
            return
        opt = QStyleOptionGroupBox()
        opt.initFrom(box)
        opt.text = box.title()
        opt.subControls = QStyle.SubControl.SC_GroupBoxLabel
        room = box.width() - 8
        self._font_size(box, box.font(), text)
        self._fit(box, text, QFontMetrics(box.font()).horizontalAdvance(text), room, "title ")

    def _toolbar(self, bar: QToolBar) -> None:
        """A toolbar too narrow for its items hides the last ones behind a » button."""
        extension = bar.findChild(QToolButton, "qt_toolbar_ext_button")
        if extension is None or not extension.isVisible():
            return
        hidden = []
        for action in bar.actions():
            widget = bar.widgetForAction(action)
            if action.isVisible() and widget is not None and not widget.isVisible():
                hidden.append(_text_of(widget) or action.text() or type(widget).__name__)
        self._add("cut", bar, ", ".join(hidden),
                  f"items hidden behind the toolbar's overflow button: {hidden}")

    def _dock(self, dock: QDockWidget) -> None:
        text = dock.windowTitle()
        if not text or dock.titleBarWidget() is not None:
            return
        buttons = [b for b in dock.findChildren(QAbstractButton)
                   if b.parentWidget() is dock and b.isVisible()]
        right = min((b.x() for b in buttons), default=dock.width())
        margin = dock.style().pixelMetric(QStyle.PixelMetric.PM_DockWidgetTitleMargin, None, dock)
        room = right - 2 * margin
        self._font_size(dock, dock.font(), text)
        self._fit(dock, text, QFontMetrics(dock.font()).horizontalAdvance(text), room, "title ")

    # ------------------------------------------------------------------ overlaps
    def _overlaps(self, widgets) -> None:
        for window in widgets:
            if isinstance(window, QMainWindow) and _shown(window, self.window):
                # The docks' tab bars: one left over another (a stale one) hides tabs.
                bars = [b for b in window.findChildren(QTabBar)
                        if b.parentWidget() is window and _shown(b, self.window)]
                for i, a in enumerate(bars):
                    for b in bars[i + 1:]:
                        common = a.geometry().intersected(b.geometry())
                        if common.width() > SLACK and common.height() > SLACK:
                            self._add("overlap", a, _text_of(a) or a.tabText(0),
                                      f"covers another tab bar ({b.tabText(0)!r}…) "
                                      f"by {common.width()}x{common.height()} px")
        for parent in widgets:
            if not _shown(parent, self.window) or isinstance(parent, QMainWindow):
                continue
            layout = parent.layout()
            if not isinstance(layout, QLayout):
                continue
            managed = [w for w in _layout_widgets(layout)
                       if w.isVisible() and w.width() > 0 and w.height() > 0
                       and not self._ignore_overlap(w)]
            bounds = parent.rect()
            for i, a in enumerate(managed):
                g = a.geometry()
                if not bounds.adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(g):
                    self._add("overlap", a, _text_of(a),
                              f"sticks out of its parent {type(parent).__name__} "
                              f"'{parent.objectName()}' ({g.x()},{g.y()} {g.width()}x{g.height()}"
                              f" in {bounds.width()}x{bounds.height()})")
                for b in managed[i + 1:]:
                    common = g.intersected(b.geometry())
                    if common.width() > SLACK and common.height() > SLACK:
                        self._add("overlap", a, _text_of(a),
                                  f"covers {type(b).__name__} '{b.objectName()}' "
                                  f"{_text_of(b)!r} by {common.width()}x{common.height()} px")


def _layout_widgets(layout) -> list[QWidget]:
    out = []
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item.widget() is not None:
            out.append(item.widget())
        elif isinstance(item.layout(), QLayout):
            out.extend(_layout_widgets(item.layout()))
    return out


def _text_of(widget: QWidget) -> str:
    for attr in ("text", "title", "currentText", "windowTitle"):
        getter = getattr(widget, attr, None)
        if callable(getter):
            try:
                value = getter()
            except TypeError:
                continue
            if isinstance(value, str) and value:
                return value
    return ""


TEXT_CLASSES = (QLabel, QAbstractButton, QComboBox, QTabBar, QHeaderView, QLineEdit,
                QAbstractItemView, QGroupBox, QDockWidget)


def text_widgets(window: QWidget) -> list[QWidget]:
    """The visible widgets of a window that show text (the ones the check measures)."""
    return [w for w in [window] + window.findChildren(QWidget)
            if isinstance(w, TEXT_CLASSES) and _shown(w, window) and _text_of(w).strip()
            or isinstance(w, (QHeaderView, QAbstractItemView, QTabBar)) and _shown(w, window)]


def check(window: QWidget, presenter: bool = False, ignore_overlap=None) -> list[Problem]:
    """Every problem of the window as shown now."""
    return LayoutChecker(window, presenter, ignore_overlap).run()


def ignored_scrollbars(widget: QWidget) -> bool:
    return isinstance(widget, QScrollBar)
