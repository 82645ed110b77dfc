"""The explorer's own-data loader: good files become (X, Y); bad ones a message naming line and column."""

import numpy as np
import pytest

from companion.widgets.own_data import MAX_BYTES, MAX_CLASSES, MIN_ROWS, OwnData, read_points_csv

GOOD = "x1,x2,label\n" + "".join(f"{i / 10},{-i / 5},{i % 3}\n" for i in range(12))


def test_a_good_file_becomes_X_and_one_hot_Y():
    data = read_points_csv(GOOD.encode())
    assert data.ok and data.error == ""
    assert data.X.shape == (12, 2) and data.X.dtype == np.float64
    np.testing.assert_array_equal(data.X[:, 0], np.arange(12) / 10)
    np.testing.assert_array_equal(data.X[:, 1], -np.arange(12) / 5)
    assert data.Y.shape == (12, 3)
    np.testing.assert_array_equal(data.Y.argmax(axis=1), np.arange(12) % 3)
    assert data.classes == [0, 1, 2] and data.names == ("x1", "x2", "label")


def test_no_header_semicolons_tabs_blank_lines_and_a_bom_are_read():
    rows = "".join(f"{i},{i % 2},{'yes' if i % 2 else 'no'}\n" for i in range(10))
    plain = read_points_csv(rows)
    assert plain.ok and plain.names == ("x_1", "x_2", "label") and plain.classes == ["no", "yes"]
    for variant in (rows.replace(",", ";"), rows.replace(",", "\t"), "\n\n" + rows.replace("\n", "\n\n")):
        other = read_points_csv(variant)
        assert other.ok, other.error
        np.testing.assert_array_equal(other.X, plain.X)
        np.testing.assert_array_equal(other.Y, plain.Y)
    assert read_points_csv(b"\xef\xbb\xbf" + GOOD.encode()).names == ("x1", "x2", "label")


def test_whole_number_labels_in_float_form_are_one_class():
    text = "".join(f"{i},{i},{'1.0' if i % 2 else '1'}\n" for i in range(8)) + "0,0,0\n"
    data = read_points_csv(text)
    assert data.ok and data.classes == [0, 1]
    assert data.Y.sum(axis=0).tolist() == [1, 8]


def _lines(n=10):
    return [f"{i},{i + 1},{i % 2}" for i in range(n)]


def _with(line_index, replacement, header=True):
    lines = _lines()
    lines[line_index] = replacement
    return ("x1,x2,label\n" if header else "") + "\n".join(lines) + "\n"


BAD = [
    (_with(3, "1,abc,0"), ["Line 5", "column 2 (x2)", "expected a number", "'abc'"]),
    (_with(0, "nan,1,0"), ["Line 2", "column 1 (x1)", "finite number", "'nan'"]),
    (_with(6, "1e999,1,0"), ["Line 8", "column 1", "finite number"]),
    (_with(2, ",1,0"), ["Line 4", "column 1", "an empty cell"]),
    (_with(4, "1,2"), ["Line 6", "expected 3 columns", "got 2"]),
    (_with(4, "1,2,0,7"), ["Line 6", "expected 3 columns", "got 4"]),
    (_with(5, "1,2,"), ["Line 7", "column 3 (label)", "class label", "empty cell"]),
    (_with(1, "1,2,cat"), ["Line 3", "column 3", "one kind", "'cat'"]),
    (_with(0, "1,abc,0", header=False), ["Line 1", "column 2 (x_2)"]),
    ("x1,x2,label\n" + "\n".join(f"{i},{i},0" for i in range(9)), ["single class", "at least 2"]),
    ("\n".join(f"{i},{i},{i}" for i in range(MAX_CLASSES + 1)), ["11 different labels", f"at most {MAX_CLASSES}"]),
    ("x1,x2,label\n0,0,0\n1,1,1\n", ["2 samples", f"at least {MIN_ROWS}"]),
    ("", ["empty", "three columns"]),
    ("\n \n", ["empty"]),
    (b"\x89PNG\r\n\x1a\n\x00\x00", ["not text"]),
    (b"x1,x2,label\n0,0,\xff\n", ["not UTF-8", "byte 17"]),
    (b"0" * (MAX_BYTES + 1), ["MB", "at most 5 MB"]),
    (12, ["Expected the contents of a CSV file", "int"]),
]


@pytest.mark.parametrize("content, words", BAD, ids=[w[0] for _, w in BAD])
def test_a_bad_file_gets_a_message_naming_where_and_what_and_never_raises(content, words):
    data = read_points_csv(content)
    assert isinstance(data, OwnData)
    assert not data.ok and data.X is None and data.Y is None and data.classes == []
    for word in words:
        assert word in data.error, (word, data.error)


def test_the_input_bytes_are_not_modified():
    buffer = bytearray(GOOD.encode())
    before = bytes(buffer)
    read_points_csv(buffer)
    assert bytes(buffer) == before


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_cells = st.one_of(
    st.sampled_from(["1", "-2.5", "1e3", "nan", "inf", "", "a", "b", " 3 ", "0.0", "x1", "1,5", '"q"']),
    st.text(max_size=4),
)
_lines = st.lists(st.lists(_cells, min_size=0, max_size=4).map(",".join), max_size=14).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(content=st.one_of(_lines, _lines.map(str.encode), st.binary(max_size=64)))
def test_any_file_is_read_or_refused_with_a_message_and_never_raises(content):
    data = read_points_csv(content)
    if data.ok:
        assert data.X.shape == (len(data.Y), 2) and np.isfinite(data.X).all()
        assert MIN_ROWS <= len(data.X) and 2 <= data.Y.shape[1] <= MAX_CLASSES
        np.testing.assert_array_equal(data.Y.sum(axis=1), 1)
    else:
        assert data.X is None and data.error.strip()


def test_old_mac_line_ends_and_a_quoted_line_break_keep_the_line_numbers_right():
    mac = read_points_csv(GOOD.replace("\n", "\r"))
    assert mac.ok and mac.X.shape == (12, 2)
    quoted = read_points_csv('x1,x2,label\n1,2,"a\nb"\n3,oops,0\n')
    assert quoted.error.startswith("Line 4, column 2 (x2)")
