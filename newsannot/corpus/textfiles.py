"""Turn an uploaded .txt or .html file into an article's title, text and metadata. Pure: no DB.

HTML goes through trafilatura, which keeps the article body and drops navigation, share buttons,
"related posts" and comment forms. Paragraphs come back one per line; we separate them with a
blank line, as pasted articles are.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import PurePath

import trafilatura

from newsannot.lib.errors import Invalid

_CHARSET_RE = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


_SENTENCE_END = (".", "!", "?", ":", ";", ",", "…")


@dataclass(frozen=True)
class Extracted:
    title: str
    text: str
    url: str = ""
    outlet: str = ""
    published_at: dt.date | None = None


def _stem(filename: str) -> str:
    return PurePath(filename).stem.replace("_", " ").replace("-", " ").strip() or "Untitled"


def decode_text(data: bytes, filename: str) -> str:
    if b"\x00" in data[:8192]:
        raise Invalid(f"{filename} is not a text file (it contains NUL bytes).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Invalid(
            f"{filename} is not valid UTF-8 (undecodable byte at position {exc.start}). "
            "Save it as UTF-8 and upload it again."
        ) from None


def from_txt(data: bytes, filename: str) -> Extracted:
    """A short first line, not ending like a sentence, followed by a blank line is the title;
    otherwise the file name is, and the whole file is the text."""
    text = decode_text(data, filename).replace("\r\n", "\n").strip()
    if not text:
        raise Invalid(f"{filename} has no text.")
    first, sep, rest = text.partition("\n\n")
    first = first.strip()
    looks_like_title = len(first) <= 300 and "\n" not in first and not first.endswith(_SENTENCE_END)
    if sep and looks_like_title and rest.strip():
        return Extracted(title=first.strip(), text=rest.strip() + "\n")
    return Extracted(title=_stem(filename), text=text + "\n")


def _decode_html(data: bytes, filename: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = _CHARSET_RE.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    raise Invalid(
        f"{filename} could not be decoded: it is not UTF-8 and declares no charset that fits."
    )


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _url(value: str | None) -> str:
    # Only a plain http(s) address that fits the column; anything else is dropped, not stored.
    value = (value or "").strip()
    return value if value.startswith(("http://", "https://")) and len(value) <= 2000 else ""


def from_html(data: bytes, filename: str) -> Extracted:
    if b"\x00" in data[:8192]:
        raise Invalid(f"{filename} is not a text file (it contains NUL bytes).")
    html = _decode_html(data, filename)
    if not html.strip():
        raise Invalid(f"{filename} is empty.")
    doc = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=False, with_metadata=True
    )
    body = (doc.text or "") if doc is not None else ""
    paragraphs = [line.strip() for line in body.split("\n") if line.strip()]
    title = ((doc.title if doc is not None else "") or "").strip()
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]  # the headline repeated as the body's first line
    if not paragraphs:
        raise Invalid(f"{filename}: found no article text in this HTML.")
    return Extracted(
        title=title or _stem(filename),
        text="\n\n".join(paragraphs) + "\n",
        url=_url(doc.url if doc is not None else None),
        outlet=((doc.sitename or "") if doc is not None else "").strip()[:200],
        published_at=_date(doc.date if doc is not None else None),
    )
