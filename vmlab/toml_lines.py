"""The line of a key path (step[2].question.compute, guest[0].input) in a TOML text.

Loaders validate the parsed data and name a problem by its key path; this
finds the line the author wrote it on, so every message can say file:line.
Used by the scenario and lesson loaders.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"\s*(\[\[?)\s*([\w.\"-]+?)\s*\]\]?\s*(#.*)?$")
_KEY_START = re.compile(r"(\s*)[\w\"-][\w.\"-]*\s*=")


class KeyLocator:
    """Finds the line of a key path like step[2].question.compute in the TOML text.

    Best effort, but careful: it follows the path part by part (a table header,
    the n-th [[array]] table, a key, a key inside an inline table), each inside
    the region of the part before, and gives the line of the deepest part found
    - so a missing key is reported at its parent's line.
    """

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.headers = {}            # line index -> (dotted path, is an [[array]] table)
        for i, line in enumerate(self.lines):
            match = _HEADER.match(line)
            if match:
                self.headers[i] = (match.group(2).replace(" ", ""), match.group(1) == "[[")

    def _region_end(self, i: int, hi: int) -> int:
        """Where the value that starts at line i ends (a header's table, or a key's value)."""
        if i in self.headers:
            path, _ = self.headers[i]
            for j in range(i + 1, hi):
                if j in self.headers and not self.headers[j][0].startswith(path + "."):
                    return j
            return hi
        indent = len(_KEY_START.match(self.lines[i]).group(1)) if _KEY_START.match(
            self.lines[i]) else 0
        quotes = self.lines[i].count('"""') + self.lines[i].count("'''")
        for j in range(i + 1, hi):
            if quotes % 2:                      # inside a multi-line string
                quotes += self.lines[j].count('"""') + self.lines[j].count("'''")
                continue
            start = _KEY_START.match(self.lines[j])
            if j in self.headers or (start and len(start.group(1)) <= indent):
                return j
            quotes += self.lines[j].count('"""') + self.lines[j].count("'''")
        return hi

    def line_of(self, key: str) -> int:
        if not key:
            return 0
        parts = re.findall(r"([^.\[\]]+)(?:\[(\d+)\])?", key)
        lo, hi = 0, len(self.lines)
        found = None
        prefix = ""
        skip = False
        for k, (name, index) in enumerate(parts):
            if skip:            # the part was found together with the one before
                skip = False
                continue
            path = f"{prefix}.{name}" if prefix else name
            line = None
            if k + 1 < len(parts) and not index:     # a dotted key: text.ca = ...
                dotted = re.compile(rf"^\s*{re.escape(name)}\.{re.escape(parts[k + 1][0])}\s*=")
                line = next((i for i in range(lo, hi) if dotted.match(self.lines[i])), None)
                skip = line is not None
            if line is None:
                line = self._find(name, path, int(index) if index else None, lo, hi)
            if line is None:
                break
            found = line
            if line in self.headers:
                lo, hi = line + 1, self._region_end(line, hi)
            else:
                lo, hi = line, self._region_end(line, hi)
            prefix = path
        return found + 1 if found is not None else 0

    def _find(self, name: str, path: str, index: int | None, lo: int, hi: int) -> int | None:
        # A table header for this path ([[step]] number `index`, [step.question], ...).
        headers = [i for i in range(lo, hi) if i in self.headers
                   and self.headers[i][0] == re.sub(r"\[\d+\]", "", path)]
        if not headers:   # a header written from the top while we are inside one
            headers = [i for i in range(lo, hi) if i in self.headers
                       and self.headers[i][0].split(".")[-1] == name]
        if headers:
            if index is not None and self.headers[headers[0]][1]:
                return headers[index] if index < len(headers) else None
            return headers[0]
        # A key: at the start of a line (dotted keys too: text.en = ...) or in an inline table.
        pattern = re.compile(rf"(^\s*|[{{,]\s*|^\s*[\w-]+\.)\"?{re.escape(name)}\"?\s*[=.]")
        for i in range(lo, hi):
            if pattern.search(self.lines[i]):
                return i
        return None
