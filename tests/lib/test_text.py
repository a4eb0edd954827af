from newsannot.lib.text import content_hash, normalise, normalise_text


def test_it_turns_crlf_and_lone_cr_into_newlines():
    assert normalise_text("a\r\nb\rc\nd") == "a\nb\nc\nd"


def test_it_removes_control_characters_but_keeps_tab_and_newline():
    assert normalise_text("a\x00b\x07c\td\ne\x1bf\x7fg\x85h") == "abc\td\nefgh"


def test_it_changes_nothing_else():
    # No Unicode normalisation: a combining accent stays two code points, NFC forms stay one.
    text = "Cafe\u0301 café 🚀 外交部 \u2028 «quotes» \u00a0nbsp"
    assert normalise_text(text) == text


def test_it_maps_raw_offsets_onto_the_normalised_text():
    raw = "ab\r\ncd\x00ef"
    n = normalise(raw)
    assert n.text == "ab\ncdef"
    # "cd" is raw [4, 6) and normalised [3, 5); "ef" is raw [7, 9) and normalised [5, 7).
    assert n.text[n.map_offset(4) : n.map_offset(6)] == "cd"
    assert n.text[n.map_offset(7) : n.map_offset(9)] == "ef"
    assert n.map_offset(len(raw)) == len(n.text)


def test_a_span_over_crlf_keeps_its_characters():
    raw = "line one\r\nline two"
    n = normalise(raw)
    start, end = raw.index("one"), raw.index("two") + 3
    assert n.text[n.map_offset(start) : n.map_offset(end)] == "one\nline two"


def test_the_content_hash_is_the_sha256_of_the_utf8_text():
    assert content_hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert content_hash("a") != content_hash("a ")
