"""The explorer's own-data loader: a reader's 2-D CSV file → a dataset (X, Y), or a clear message.

A file the explorer accepts has one sample per line and three columns: the two features
x_1, x_2 and the class label.  A first line with words in its feature columns is read as
a header (its names then label the columns in messages).  Commas separate the columns
(a semicolon or a tab works too, if the whole file uses it); empty lines are skipped.

``read_points_csv`` is pure: it takes the file's bytes (or text) and returns an
``OwnData`` whose ``X``, ``Y`` and ``classes`` are set, or whose ``error`` says which line
and column is wrong, what was expected and what arrived.  It never raises for a bad file,
so the explorer can show the message and keep what it had.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field

import numpy as np

from ..datasets import one_hot

__all__ = ["read_points_csv", "OwnData", "MIN_ROWS", "MAX_ROWS", "MAX_CLASSES", "MAX_BYTES"]

#: At least 8 samples (the explorer keeps a quarter for testing), at most 100 000.
MIN_ROWS, MAX_ROWS = 8, 100_000
#: A label column with 2 … 10 distinct values.
MAX_CLASSES = 10
#: Files larger than this (5 MB) are refused before they are read.
MAX_BYTES = 5_000_000

_EXAMPLE = "x1,x2,label\n0.5,-1.2,0\n1.3,0.4,1\n…"


@dataclass(frozen=True)
class OwnData:
    """What ``read_points_csv`` made of a file.

    ``X`` (M, 2) float64 features, ``Y`` (M, P) one-hot targets, ``classes`` the P label
    values in the order of Y's columns, ``names`` the three column names; all ``None``
    and ``error`` set (a message for the reader) when the file was refused.
    """

    X: np.ndarray | None = None
    Y: np.ndarray | None = None
    classes: list = field(default_factory=list)
    names: tuple = ("x_1", "x_2", "label")
    error: str = ""

    @property
    def ok(self) -> bool:
        """True when the file was read (``error`` is empty)."""
        return not self.error


def _refuse(message):
    return OwnData(error=message)


def _number(cell):
    try:
        value = float(cell)
    except ValueError:
        return None
    return value


def _label(cell):
    """A label as a Python value: an int when the cell is a whole number ("1", "1.0"), else the text."""
    value = _number(cell)
    if value is not None and math.isfinite(value) and value == int(value):
        return int(value)
    return cell


def _decode(content):
    if isinstance(content, str):
        return content, ""
    if isinstance(content, (bytes, bytearray, memoryview)):
        raw = bytes(content)
        if len(raw) > MAX_BYTES:
            return None, (
                f"The file is {len(raw) / 1e6:.1f} MB; expected at most {MAX_BYTES / 1e6:.0f} MB "
                f"(up to {MAX_ROWS:,} samples)."
            )
        if b"\x00" in raw[:4096]:
            return None, "The file is not text (it contains zero bytes); expected a CSV file."
        try:
            return raw.decode("utf-8-sig"), ""
        except UnicodeDecodeError as err:
            return None, (
                f"The file is not UTF-8 text (byte {err.start + 1} cannot be read); expected a CSV file saved as UTF-8."
            )
    return None, f"Expected the contents of a CSV file (bytes or text), got {type(content).__name__}."


def _delimiter(text):
    first = next((line for line in text.splitlines() if line.strip()), "")
    for candidate in (",", ";", "\t"):
        if candidate in first:
            return candidate
    return ","


def read_points_csv(content) -> OwnData:
    """Read a CSV file of 2-D points and their labels; never raises for a bad file.

    Equation: row i of the file, (x_i1, x_i2, label_i), becomes row i of X and the one-hot
    row y_i = e_j of Y, where j is the label's position among the sorted distinct labels.

    Shapes: a file of M samples → X (M, 2), Y (M, P) with 2 ≤ P ≤ 10 and 8 ≤ M ≤ 100 000.
    A refused file gives ``OwnData(error=…)``: the message names the line (counted from 1,
    as an editor shows it) and the column, says what was expected and what arrived.

    >>> data = read_points_csv("x1,x2,label\\n" + "0,0,a\\n1,1,b\\n0,1,a\\n1,0,b\\n" * 2)
    >>> data.ok, data.X.shape, data.Y.shape, data.classes
    (True, (8, 2), (8, 2), ['a', 'b'])
    >>> print(read_points_csv("x1,x2,label\\n0,zero,1\\n").error)
    Line 2, column 2 (x2): expected a number, got 'zero'.
    """
    text, problem = _decode(content)
    if problem:
        return _refuse(problem)
    delimiter = _delimiter(text)
    rows = []
    # newline=None: "\r\n", "\r" and "\n" all end a line, as in a text editor
    reader = csv.reader(io.StringIO(text, newline=None), delimiter=delimiter)
    try:
        for row in reader:
            if not row or all(not cell.strip() for cell in row):
                continue
            rows.append((reader.line_num, [cell.strip() for cell in row]))
            if len(rows) > MAX_ROWS + 1:
                return _refuse(f"The file has more than {MAX_ROWS:,} samples; expected at most {MAX_ROWS:,}.")
    except csv.Error as error:
        return _refuse(
            f"Line {reader.line_num + 1}: expected comma-separated values, but it cannot be read as CSV ({error})."
        )
    if not rows:
        return _refuse(f"The file is empty; expected lines of three columns, like\n{_EXAMPLE}")
    names = ("x_1", "x_2", "label")
    first = rows[0][1]
    if len(first) == 3 and _number(first[0]) is None and _number(first[1]) is None:
        names = tuple(cell or default for cell, default in zip(first, names))
        rows = rows[1:]
    features, labels = [], []
    for line_number, row in rows:
        if len(row) != 3:
            return _refuse(
                f"Line {line_number}: expected 3 columns ({', '.join(names)}) separated by "
                f"{'a tab' if delimiter == chr(9) else repr(delimiter)}, got {len(row)} "
                f"({', '.join(repr(c) for c in row[:5])}{', …' if len(row) > 5 else ''})."
            )
        point = []
        for column in (0, 1):
            value = _number(row[column])
            if value is None or not math.isfinite(value):
                got = repr(row[column]) if row[column] else "an empty cell"
                kind = "a finite number" if value is not None else "a number"
                return _refuse(
                    f"Line {line_number}, column {column + 1} ({names[column]}): expected {kind}, got {got}."
                )
            point.append(value)
        if not row[2]:
            return _refuse(f"Line {line_number}, column 3 ({names[2]}): expected a class label, got an empty cell.")
        features.append(point)
        labels.append(_label(row[2]))
    M = len(features)
    if M < MIN_ROWS:
        return _refuse(
            f"The file has {M} sample{'s' if M != 1 else ''}; expected at least {MIN_ROWS} "
            "(a quarter is kept for testing)."
        )
    if M > MAX_ROWS:
        return _refuse(f"The file has {M:,} samples; expected at most {MAX_ROWS:,}.")
    first_kind = type(labels[0])
    odd = next((k for k, label in enumerate(labels) if type(label) is not first_kind), None)
    if odd is not None:
        return _refuse(
            f"Line {rows[odd][0]}, column 3 ({names[2]}): expected labels of one kind, all whole numbers "
            f"or all names like the first label {labels[0]!r}; got {labels[odd]!r}."
        )
    classes = sorted(set(labels))
    if len(classes) < 2:
        return _refuse(
            f"Column 3 ({names[2]}) has a single class ({classes[0]!r}); expected at least 2 different labels. "
        )
    if len(classes) > MAX_CLASSES:
        return _refuse(
            f"Column 3 ({names[2]}) has {len(classes)} different labels; expected at most {MAX_CLASSES} classes "
            f"(the first ones: {', '.join(repr(c) for c in classes[:4])}, …)."
        )
    index = {label: j for j, label in enumerate(classes)}
    X = np.array(features, dtype=np.float64)
    Y = one_hot(np.array([index[label] for label in labels]), len(classes))
    return OwnData(X=X, Y=Y, classes=classes, names=names)
