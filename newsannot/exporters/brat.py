"""brat standoff, zipped: a `{ID}.txt` / `{ID}.ann` pair per article.

    T1<TAB>label start end<TAB>covered text
    #1<TAB>AnnotatorNotes T1<TAB>note
    A1<TAB>source_type T1 official-body
    R1<TAB>attributes Arg1:T1 Arg2:T2

A span's attributes are multi-valued brat attributes (`A`), a relation between two spans of
the article an `R` line naming them by their T numbers.

Offsets are code points (brat is Python). brat keeps a text-bound annotation on one line, so a
span that crosses line breaks becomes discontinuous fragments `start end;start end` that skip
the newlines; its text field is the fragments joined by a space, as brat writes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from newsannot.exporters.zipstream import ZipStream

NAME = "brat"
CONTENT_TYPE = "application/zip"
EXTENSION = "zip"


def brat_label(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", key) or "label"


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    position = start
    for part in text[start:end].split("\n"):
        if part:
            out.append((position, position + len(part)))
        position += len(part) + 1
    return out or [(start, end)]


def _one_line(value: str) -> str:
    return re.sub(r"[\t\r\n]+", " ", value)


def ann(article: dict[str, Any]) -> str:
    lines = []
    text = article["text"]
    numbers = {s.get("id"): n for n, s in enumerate(article["spans"], start=1)}
    attribute = 0
    for number, s in enumerate(article["spans"], start=1):
        parts = fragments(text, s["start"], s["end"])
        where = ";".join(f"{a} {b}" for a, b in parts)
        covered = _one_line(" ".join(text[a:b] for a, b in parts))
        lines.append(f"T{number}\t{brat_label(s['label'])} {where}\t{covered}\n")
        if s["note"]:
            lines.append(f"#{number}\tAnnotatorNotes T{number}\t{_one_line(s['note'])}\n")
        for key, value in s.get("attributes", {}).items():
            attribute += 1
            lines.append(f"A{attribute}\t{brat_label(key)} T{number} {brat_label(value)}\n")
    for number, r in enumerate(article.get("relations", []), start=1):
        lines.append(
            f"R{number}\t{brat_label(r['type'])} "
            f"Arg1:T{numbers[r['from']]} Arg2:T{numbers[r['to']]}\n"
        )
    return "".join(lines)


def write(articles: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    archive = ZipStream()
    for article in articles:
        name = str(article["id"])
        yield archive.add(f"{name}.txt", article["text"].encode("utf-8"))
        yield archive.add(f"{name}.ann", ann(article).encode("utf-8"))
    yield archive.close()
