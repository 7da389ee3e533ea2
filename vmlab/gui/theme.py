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
PRESENTER_MIN_PX = 18        # no text smaller than this in presenter mode
_fonts_loaded = False
_scale = 1.0          # presenter mode and large windows enlarge every font by this factor
_min_px = 0.0         # and no font is smaller than this many pixels


def set_scale(factor: float, min_pixels: float = 0.0) -> None:
    """Every font from ui_font/mono_font is `factor` times its normal size, and at
    least `min_pixels` high (presenter mode: PRESENTER_MIN_PX)."""
    global _scale, _min_px
    _scale = factor
    _min_px = min_pixels


def scale() -> float:
    return _scale


def min_pixels() -> float:
    return _min_px


def window_factor(width: int, height: int) -> float:
    """How much larger the interface's text is in a window of this size.

    1 up to 1600x900; it grows with the window to 1.2 at 1920x1080 (10-point
    text of 13 pixels becomes 16), in steps of 0.05 so that resizing the
    window by a few pixels does not restyle every panel.
    """
    factor = min(width / 1600, height / 900)
    factor = max(1.0, min(1.2, factor))
    return round(factor * 20) / 20


def _points(point_size: float | None) -> float:
    points = (point_size or BASE_POINT_SIZE) * _scale
    if _min_px:
        screen = QGuiApplication.primaryScreen()
        dpi = screen.logicalDotsPerInch() if screen is not None else 96.0
        points = max(points, _min_px * 72.0 / dpi)
    return points


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
    font.setPointSizeF(_points(point_size))
    font.setBold(bold)
    return font


def mono_font(point_size: float | None = None, bold: bool = False) -> QFont:
    font = QFont(MONO_FAMILY)
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSizeF(_points(point_size))
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
    # Disabled controls must look disabled: grey text on a greyed button, never
    # the strong foreground of the enabled ones.
    disabled = QPalette.ColorGroup.Disabled
    muted = QColor("#8a8a8a") if dark else QColor("#9a9a9a")
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):
        palette.setColor(disabled, role, muted)
    palette.setColor(disabled, QPalette.ColorRole.Button,
                     QColor("#2a2a2a") if dark else QColor("#ececec"))
    palette.setColor(disabled, QPalette.ColorRole.Base,
                     QColor("#1a1a1a") if dark else QColor("#f4f4f4"))
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
    if bucket == "host":                 # type 2: the host OS kernel, the host's colour lit up
        return QColor(HOST_COLOR).lighter(130)
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
