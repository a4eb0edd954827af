from newsannot.lib.words import counted


def test_it_names_one_thing_in_the_singular_and_any_other_count_in_the_plural():
    assert counted(1, "span") == "1 span"
    assert [counted(n, "agreed span") for n in (0, 2)] == ["0 agreed spans", "2 agreed spans"]
