from __future__ import annotations

import datetime as dt

import pytest

from newsannot.ingest.files import from_html, from_txt
from newsannot.lib.errors import Invalid

PAGE = b"""<html><head><title>Strikes hit targets | Daily Planet</title>
<meta property="og:site_name" content="Daily Planet"><meta name="date" content="2024-03-01"></head>
<body><nav><a href="/">Home</a><a href="/world">World</a></nav>
<article><h1>Strikes hit targets</h1>
<p>The ministry said the strikes hit only militant targets, according to a statement released on
Thursday morning by officials in the capital.</p>
<p>Independent observers could not confirm the claim, and local residents described damage to
several homes and a school near the river.</p></article>
<div class="share">Share on Facebook Tweet this</div>
<aside><h3>Related posts</h3><ul><li><a href="/a">Another story entirely</a></li></ul></aside>
<form id="comments"><textarea></textarea><button>Post comment</button></form></body></html>"""


def test_html_is_reduced_to_the_article_text():
    extracted = from_html(PAGE, "page.html")
    assert extracted.title == "Strikes hit targets"
    assert extracted.outlet == "Daily Planet"
    assert extracted.published_at == dt.date(2024, 3, 1)
    assert extracted.text.startswith("The ministry said")
    assert "\n\nIndependent observers" in extracted.text
    for boilerplate in ("Home", "Share on Facebook", "Related posts", "Post comment"):
        assert boilerplate not in extracted.text


def test_html_without_article_text_is_refused():
    with pytest.raises(Invalid, match="found no article text"):
        from_html(b"<html><body><script>var x = 1;</script></body></html>", "empty.html")


def test_html_in_a_declared_charset_is_decoded():
    page = PAGE.replace(b"<head>", b'<head><meta charset="windows-1252">').replace(
        b"capital", b"capit\xe9l"
    )
    assert "capitél" in from_html(page, "latin.html").text


def test_txt_takes_its_title_from_the_first_line():
    extracted = from_txt("Headline\n\nBody text 🚀.\r\nMore.".encode(), "a.txt")
    assert (extracted.title, extracted.text) == ("Headline", "Body text 🚀.\nMore.\n")


def test_txt_without_a_title_line_is_named_after_the_file():
    extracted = from_txt(b"Just one paragraph.", "my_story.txt")
    assert extracted.title == "my story"


def test_undecodable_txt_is_refused_with_the_position():
    with pytest.raises(Invalid, match=r"not valid UTF-8.*position 3"):
        from_txt(b"abc\xff\xfe", "bad.txt")


def test_binary_files_are_refused():
    with pytest.raises(Invalid, match="not a text file"):
        from_txt(b"\x00\x01\x02", "x.txt")


@pytest.mark.parametrize(
    "charset", ["undefined", "base64", "unicode_escape", "utf-7", "no-such-charset", "x:y"]
)
def test_html_declaring_a_charset_no_page_is_written_in_is_refused(charset):
    # Not UTF-8 (the \xe9), so the declared charset would be tried.
    page = PAGE.replace(b"<head>", f'<head><meta charset="{charset}">'.encode())
    page = page.replace(b"capital", b"capit\xe9l +2AA-")
    with pytest.raises(Invalid, match="declares no charset that fits"):
        from_html(page, "odd.html")


def test_metadata_a_page_gets_wrong_is_left_out_not_refused():
    page = PAGE.replace(
        b"<head>", b'<head><link rel="canonical" href="https://exa mple.org/x">'
    ).replace(b'content="Daily Planet"', b'content="' + b"S" * 300 + b'"')
    extracted = from_html(page, "p.html")
    assert extracted.url == ""  # not a web address: url's validator refuses it
    assert len(extracted.outlet) == 200 and extracted.outlet.endswith("…")
    assert extracted.text.startswith("The ministry said")
