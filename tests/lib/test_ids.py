import pytest

from newsannot.lib.errors import Invalid
from newsannot.lib.ids import MAX_ID, PathId, optional_int, parse_int

# The largest id both databases can hold (64-bit signed: BigAutoField, SQLite's INTEGER).
assert MAX_ID == 2**63 - 1


@pytest.mark.parametrize(
    ("raw", "value"), [("0", 0), ("42", 42), (" 7 ", 7), (str(MAX_ID), MAX_ID)]
)
def test_it_reads_a_whole_number_in_the_databases_range(raw, value):
    assert parse_int(raw, field="article") == value


@pytest.mark.parametrize(
    "raw",
    [
        str(MAX_ID + 1),
        "9" * 26,
        "9" * 5000,  # past Python's int() digit limit: must not raise ValueError
        "²",  # str.isdigit() says yes, int() says no
        "١٢",  # Arabic-Indic digits: int() reads them; an id is written in ASCII
        "-1",
        "+1",
        "1e3",
        "1.0",
        "",
        "0x10",
    ],
)
def test_it_refuses_anything_else_with_a_400_naming_the_field(raw):
    with pytest.raises(Invalid) as caught:
        parse_int(raw, field="article")
    assert caught.value.status == 400 and caught.value.field == "article"
    assert "article" in caught.value.message
    assert len(caught.value.message) < 200  # a 5,000-digit value is not echoed whole


def test_it_refuses_no_value_but_the_optional_form_allows_it():
    with pytest.raises(Invalid):
        parse_int(None, field="version")
    assert optional_int(None, field="version") is None
    assert optional_int("", field="version") is None
    assert optional_int("3", field="version") == 3
    with pytest.raises(Invalid):
        optional_int("9" * 20, field="version")


def test_the_path_converter_matches_only_ids_in_range():
    converter = PathId()
    assert converter.to_python(str(MAX_ID)) == MAX_ID
    with pytest.raises(ValueError):
        converter.to_python(str(MAX_ID + 1))  # no match: Django answers 404
    assert converter.to_url(12) == "12"
