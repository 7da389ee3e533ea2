"""Colours and fonts: one place, readable on a projector, light or dark.

Every panel takes its colours from here so a guest has the same colour in
the layer diagram, the timeline, the memory map and the statistics.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette

from ..resources import asset

# Guest colours in order (guest 0, guest 1, ...): blue, orange, green, pink.
_GUEST_HUES = ("#2f6fd6", "#e07b12", "#1f9d55", "#c2307a")
VMM_COLOR = "#7b3fc4"
IDLE_COLOR = "#9aa1ab"
HOST_COLOR = "#4b5563"
HIGHLIGHT_CHANGED = "#f5c542"   # a value changed by the last step
PC_LINE = "#fff1a8"
TRAP_LINE = "#ffd0d0"
BREAKPOINT = "#d62828"

FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf",
              "DejaVuSansMono-Bold.ttf")
UI_FAMILY = "DejaVu Sans"
MONO_FAMILY = "DejaVu Sans Mono"
BASE_POINT_SIZE = 10.0
_fonts_loaded = False
_scale = 1.0          # presenter mode enlarges every font by this factor


def set_scale(factor: float) -> None:
    global _scale
    _scale = factor


def scale() -> float:
    return _scale


def load_fonts() -> None:
    """Register the fonts shipped in assets/fonts, so every machine renders alike."""
    global _fonts_loaded
    if _fonts_loaded:
        return
    for name in FONT_FILES:
        QFontDatabase.addApplicationFont(str(asset("fonts", name)))
    _fonts_loaded = True


def ui_font(point_size: float | None = None, bold: bool = False) -> QFont:
    """The interface font; sizes are for normal mode and scale in presenter mode."""
    font = QFont(UI_FAMILY)
    font.setPointSizeF((point_size or BASE_POINT_SIZE) * _scale)
    font.setBold(bold)
    return font


def mono_font(point_size: float | None = None, bold: bool = False) -> QFont:
    font = QFont(MONO_FAMILY)
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSizeF((point_size or BASE_POINT_SIZE) * _scale)
    font.setBold(bold)
    return font


def high_contrast_palette(base: QPalette) -> QPalette:
    """Presenter mode: pure black on white (or white on black), strong selection."""
    palette = QPalette(base)
    dark = is_dark(base)
    fg = QColor(Qt.GlobalColor.white if dark else Qt.GlobalColor.black)
    bg = QColor(Qt.GlobalColor.black if dark else Qt.GlobalColor.white)
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base,
                 QPalette.ColorRole.AlternateBase, QPalette.ColorRole.Button):
        palette.setColor(role, bg)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText, QPalette.ColorRole.ToolTipText):
        palette.setColor(role, fg)
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#0044cc"))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor(Qt.GlobalColor.white))
    return palette


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def guest_color(index: int) -> QColor:
    return QColor(_GUEST_HUES[index % len(_GUEST_HUES)])


def bucket_color(bucket: str, guest_names: list[str]) -> QColor:
    """Colour of an attribution bucket: "<guest>.kernel", "<guest>.user", "vmm", "idle"."""
    if bucket == "vmm":
        return QColor(VMM_COLOR)
    if bucket == "idle":
        return QColor(IDLE_COLOR)
    name, _, mode = bucket.partition(".")
    index = guest_names.index(name) if name in guest_names else 0
    color = guest_color(index)
    return color.darker(125) if mode == "kernel" else color.lighter(135)


def owner_color(owner: str, guest_names: list[str]) -> QColor:
    """Colour of a memory owner: "vmm", a guest name, or "free"."""
    if owner == "vmm":
        return QColor(VMM_COLOR)
    if owner == "free":
        return QColor(IDLE_COLOR).lighter(130)
    return guest_color(guest_names.index(owner) if owner in guest_names else 0)


def text_on(background: QColor) -> QColor:
    """Black or white, whichever reads better on this background."""
    return QColor(Qt.GlobalColor.black) if background.lightness() > 150 \
        else QColor(Qt.GlobalColor.white)


def changed_background(palette: QPalette | None = None) -> QColor:
    color = QColor(HIGHLIGHT_CHANGED)
    return color.darker(180) if is_dark(palette) else color


# Numbers as the interface language writes them: 62,851 and 52.2 in English,
# 62.851 and 52,2 in Catalan (independent of the system's own locale).
_NUMBER_LOCALES = {"en": QLocale(QLocale.Language.English, QLocale.Country.UnitedStates),
                   "ca": QLocale(QLocale.Language.Catalan, QLocale.Country.Spain)}


def number_locale() -> QLocale:
    from .i18n import current_language
    return _NUMBER_LOCALES.get(current_language(), _NUMBER_LOCALES["en"])


def fmt_int(value) -> str:
    """A whole number with the interface language's digit grouping."""
    return number_locale().toString(int(round(value)))


def fmt_float(value: float, decimals: int = 1) -> str:
    """A decimal number with the interface language's decimal separator."""
    return number_locale().toString(float(value), "f", decimals)
