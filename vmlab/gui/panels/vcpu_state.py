"""The trap inspector's table of a guest's virtual CPU before and after an exit.

A model behind a QTableView, not a QTableWidget of items: the table is filled
again at every exit shown, and a QTableWidget deletes its items in C++ each
time while their Python wrappers live on, which once crashed the window
(a segmentation fault in clearContents).  Rows here are plain strings.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont

NAME, BEFORE, AFTER = range(3)


class VcpuStateModel(QAbstractTableModel):
    """Rows of (register, value before, value after, changed): a changed row has its
    values highlighted and its name and value after in bold."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str, str, bool]] = []
        self._headers: tuple[str, str, str] = ("", "", "")
        self._highlight, self._ink, self._bold = QColor(), QColor(), QFont()

    def set_rows(self, rows: list[tuple[str, str, str, bool]], headers: tuple[str, str, str],
                 highlight: QColor, ink: QColor, bold: QFont) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._headers = headers
        self._highlight, self._ink, self._bold = highlight, ink, bold
        self.endResetModel()

    def text(self, row: int, column: int) -> str:
        """What a cell shows (for tests and views that read the table)."""
        return self._rows[row][column]

    # ------------------------------------------------------------------ the model
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 3

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row[column]
        if row[3]:                       # changed
            if role == Qt.ItemDataRole.BackgroundRole and column != NAME:
                return self._highlight
            if role == Qt.ItemDataRole.ForegroundRole and column != NAME:
                return self._ink
            if role == Qt.ItemDataRole.FontRole and column != BEFORE:
                return self._bold
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < 3:
            return self._headers[section]
        return None


__all__ = ["VcpuStateModel", "NAME", "BEFORE", "AFTER"]
