"""Stream rows to JSONL and CSV files that survive a kill at any instant.

Each kind of item (videos, comments, posts) goes to ``<kind>.jsonl`` (the API
resource as returned, one per line) and ``<kind>.csv`` (flat columns). The
byte offsets of both files are saved with every checkpoint; a resumed run
first cuts each file back to those offsets, so rows written after the last
checkpoint are written once more, never twice. Cutting back copies the kept
bytes to a new file that replaces the old one: a stale worker that still holds
the old file open writes into an unlinked file and cannot corrupt the new run.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COPY_CHUNK = 1 << 20


def cell(value: Any) -> str:
    """Render one CSV cell: text safe from spreadsheet formulas, lists as JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    # A leading apostrophe makes spreadsheets show the text instead of running it.
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class RowWriter:
    """Write each item once to ``<name>.jsonl`` and ``<name>.csv``."""

    def __init__(
        self,
        folder: Path,
        name: str,
        columns: Sequence[str],
        key: Callable[[dict[str, Any]], str],
    ) -> None:
        self.name = name
        self.columns = list(columns)
        self.jsonl_path = folder / f"{name}.jsonl"
        self.csv_path = folder / f"{name}.csv"
        self._key = key
        self._seen: set[str] = set()
        self._jsonl: io.BufferedWriter | None = None
        self._csv: io.BufferedWriter | None = None

    @property
    def rows(self) -> int:
        """Return how many distinct items have been written."""
        return len(self._seen)

    def open(self, offsets: dict[str, int] | None) -> None:
        """Cut both files back to ``offsets`` (empty when None) and start appending."""
        offsets = offsets or {}
        _cut(self.jsonl_path, offsets.get("jsonl", 0))
        _cut(self.csv_path, offsets.get("csv", 0))
        self._seen = self._read_keys()
        self._jsonl = open(self.jsonl_path, "ab")  # noqa: SIM115
        self._csv = open(self.csv_path, "ab")  # noqa: SIM115
        if self._csv.tell() == 0:
            self._csv.write(_csv_line(self.columns))

    def write(self, resource: dict[str, Any], row: dict[str, Any]) -> bool:
        """Append ``resource`` and its flat ``row``; return False if already written."""
        assert self._jsonl is not None and self._csv is not None, "open() first"
        key = self._key(resource)
        if key in self._seen:
            return False
        self._seen.add(key)
        line = json.dumps(resource, ensure_ascii=False, separators=(",", ":"))
        self._jsonl.write(line.encode() + b"\n")
        self._csv.write(_csv_line([cell(row.get(c)) for c in self.columns]))
        return True

    def sync(self) -> dict[str, int]:
        """Push everything written to disk and return the offsets to checkpoint."""
        assert self._jsonl is not None and self._csv is not None, "open() first"
        for handle in (self._jsonl, self._csv):
            handle.flush()
            os.fsync(handle.fileno())
        return {"jsonl": self._jsonl.tell(), "csv": self._csv.tell(), "rows": self.rows}

    def close(self) -> None:
        """Close both files."""
        for handle in (self._jsonl, self._csv):
            if handle is not None:
                handle.close()
        self._jsonl = self._csv = None

    def _read_keys(self) -> set[str]:
        keys: set[str] = set()
        if not self.jsonl_path.exists():
            return keys
        with open(self.jsonl_path, "rb") as handle:
            for line in handle:
                keys.add(self._key(json.loads(line)))
        return keys


def write_json(path: Path, data: Any) -> None:
    """Replace ``path`` with ``data`` as indented JSON, atomically."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    os.replace(temporary, path)


def cut_back(folder: Path, offsets: dict[str, dict[str, int]]) -> None:
    """Cut each checkpointed ``<name>.jsonl``/``.csv`` in ``folder`` to its offsets."""
    for name, sizes in offsets.items():
        for suffix in ("jsonl", "csv"):
            path = folder / f"{name}.{suffix}"
            if path.exists():
                _cut(path, int(sizes.get(suffix, 0)))


def _csv_line(values: Sequence[str]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values)
    return buffer.getvalue().encode()


def _cut(path: Path, offset: int) -> None:
    fresh = path.with_name(path.name + ".cut")
    with open(fresh, "wb") as target:
        if offset and path.exists():
            with open(path, "rb") as source:
                _copy(source, target, offset)
        if target.tell() != offset:
            raise OSError(f"{path} is shorter than its checkpoint ({offset} bytes)")
        target.flush()
        os.fsync(target.fileno())
    os.replace(fresh, path)


def _copy(source: io.BufferedReader, target: io.BufferedWriter, length: int) -> None:
    left = length
    while left:
        chunk = source.read(min(COPY_CHUNK, left))
        if not chunk:
            return
        target.write(chunk)
        left -= len(chunk)
