"""CSV cells cannot run as spreadsheet formulas."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from trawl.output import RowWriter, cell


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1:A9)", "'+SUM(A1:A9)"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        (
            '=HYPERLINK("http://127.0.0.1/x","click")',
            '\'=HYPERLINK("http://127.0.0.1/x","click")',
        ),
        ("-5", "'-5"),
        ("plain text", "plain text"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_text_that_starts_like_a_formula_is_prefixed(value: str, shown: str) -> None:
    assert cell(value) == shown


def test_numbers_booleans_and_lists_are_written_as_values() -> None:
    assert [cell(-5), cell(3.5), cell(True), cell(None)] == ["-5", "3.5", "true", ""]
    assert cell(["=1+1"]) == '["=1+1"]'
    assert cell({"a": "=1"}) == '{"a": "=1"}'


def test_a_written_csv_reads_back_with_every_formula_disarmed(tmp_path: Path) -> None:
    texts = ["=cmd|' /C calc'!A0", "+1", "-1", "@x", "\t=1", "ok", 'say "hi", =no']
    writer = RowWriter(tmp_path, "rows", ["id", "text"], key=lambda r: r["id"])
    writer.open(None)
    for index, text in enumerate(texts):
        writer.write({"id": str(index)}, {"id": index, "text": text})
    writer.close()

    with open(tmp_path / "rows.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(io.StringIO(handle.read())))

    for row, text in zip(rows, texts, strict=True):
        assert not row["text"].startswith(("=", "+", "-", "@", "\t", "\r"))
        assert row["text"].lstrip("'") == text
