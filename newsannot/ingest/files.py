"""Articles from uploaded files: .txt and .html become one article each, .jsonl is imported.

Extraction (`from_txt`, `from_html`) is pure: bytes in, an article's fields out, no database.
HTML goes through trafilatura, which keeps the article body and drops navigation, share
buttons, "related posts" and comment forms. Paragraphs come back one per line; we separate them
with a blank line, as pasted articles are. Metadata found in a page (address, site name, date)
goes through the same field validators as everything else; what they refuse is left out, since
the page, not the person uploading it, wrote it.

`add_file` stores one upload and says what became of it. Several files are uploaded at once and
each is stored on its own, so every file gets its own outcome: one bad file spoils no other, and
no error page may hide a file that was stored.
"""

from __future__ import annotations

import codecs
import datetime as dt
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError

from newsannot import policy
from newsannot.corpus.models import Article, Project
from newsannot.corpus.services import article_create
from newsannot.ingest import fields
from newsannot.lib.errors import DomainError, Invalid

log = logging.getLogger(__name__)

_CHARSET_RE = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Codecs Python has that no web page is written in: "undefined" raises on every byte, the escape
# codecs read backslashes as escapes, UTF-7 and punycode can make unpaired surrogates.
_NOT_PAGE_CHARSETS = {
    "undefined",
    "unicode_escape",
    "raw_unicode_escape",
    "utf_7",
    "punycode",
    "idna",
}
_SENTENCE_END = (".", "!", "?", ":", ";", ",", "…")


@dataclass(frozen=True)
class Extracted:
    title: str
    text: str
    url: str = ""
    outlet: str = ""
    published_at: dt.date | None = None
    language: str = ""


def _stem(filename: str) -> str:
    stem = PurePath(filename).stem.replace("_", " ").replace("-", " ").strip() or "Untitled"
    return _fit(stem, fields.TITLE_MAX)


def _fit(value: str, limit: int) -> str:
    """A title or site name found in a file, cut to the column rather than refused."""
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


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


def _declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KB, if Python reads web pages in it."""
    declared = _CHARSET_RE.search(data[:4096])
    if not declared:
        return None
    try:
        info = codecs.lookup(declared.group(1).decode("ascii"))
    except LookupError:
        return None
    # Bytes-to-bytes codecs (base64, zlib...) are not text encodings.
    if info.name.replace("-", "_") in _NOT_PAGE_CHARSETS or not getattr(
        info, "_is_text_encoding", True
    ):
        return None
    return info.name


def _decode_html(data: bytes, filename: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    charset = _declared_charset(data)
    if charset:
        try:
            html = data.decode(charset)
            html.encode("utf-8")  # no unpaired surrogates came out of it
            return html
        except UnicodeError:
            pass
    raise Invalid(
        f"{filename} could not be decoded: it is not UTF-8 and declares no charset that fits."
    )


def _or_nothing[T](check: Callable[[object], T], value: object, nothing: T) -> T:
    try:
        return check(value)
    except Invalid:
        return nothing


def from_html(data: bytes, filename: str) -> Extracted:
    if b"\x00" in data[:8192]:
        raise Invalid(f"{filename} is not a text file (it contains NUL bytes).")
    html = _decode_html(data, filename)
    if not html.strip():
        raise Invalid(f"{filename} is empty.")
    # Imported here, on the first HTML file: with the app it took ~28 MB in every process.
    import trafilatura

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
    sitename = ((doc.sitename or "") if doc is not None else "").strip()
    return Extracted(
        title=_fit(title, fields.TITLE_MAX) if title else _stem(filename),
        text="\n\n".join(paragraphs) + "\n",
        url=_or_nothing(fields.url, doc.url if doc is not None else None, ""),
        outlet=_fit(sitename, fields.OUTLET_MAX),
        published_at=_or_nothing(fields.published_at, doc.date if doc is not None else None, None),
        language=_or_nothing(fields.language, _html_lang(html), ""),
    )


# The page's own <html lang="…">: what its publisher says the text's language is. No guessing
# from the words (no library here does it cheaply); one that is not a tag is left out.
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z0-9_-]{2,35})", re.IGNORECASE)


def _html_lang(html: str) -> str | None:
    found = _HTML_LANG.search(html[:20_000])
    return found.group(1) if found else None


# -- uploads ------------------------------------------------------------------------------------

KINDS = {".txt": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}


@dataclass
class FileResult:
    name: str
    outcome: str  # "created", "duplicate", "queued" (a JSON Lines import job) or "error"
    message: str = ""
    article: Article | None = None
    job: Any = None  # JSON Lines: the import job


def _read(upload: UploadedFile) -> bytes:
    limit = settings.NEWSANNOT_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise Invalid(f"The file is {upload.size:,} bytes; the limit is {limit:,} bytes per file.")
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise Invalid(f"The file is larger than the limit of {limit:,} bytes.")
    if not data.strip():
        raise Invalid("The file is empty.")
    return data


def _import_jsonl(data: bytes, name: str, project: Project, actor: AbstractBaseUser) -> FileResult:
    """A JSON Lines file is imported by a background job (its progress shows on every page of
    the project, its result on the Jobs page): no request waits for a whole corpus."""
    from newsannot.jobs.models import Kind
    from newsannot.jobs.services import job_start
    from newsannot.jobs.uploads import store_upload

    policy.require(actor, "article.add", project)  # refused now, not when the job runs
    stored, size = store_upload([data], prefix="imports")
    job = job_start(
        kind=Kind.IMPORT,
        project_id=project.pk,
        created_by=actor,
        params={"payload": stored, "dry_run": False, "bytes": size, "file": name},
        total=size,
    )
    return FileResult(name, "queued", "Import queued: its progress shows above.", job=job)


def _add(
    data: bytes, name: str, kind: str, project: Project, actor: AbstractBaseUser
) -> FileResult:
    if kind == "jsonl":
        return _import_jsonl(data, name, project, actor)
    extracted = (from_txt if kind == "txt" else from_html)(data, name)
    result = article_create(
        project=project,
        title=extracted.title,
        text=extracted.text,
        url=extracted.url,
        outlet=extracted.outlet,
        published_at=extracted.published_at,
        language=extracted.language,
        created_by=actor,
    )
    if result.created:
        return FileResult(name, "created", "Added.", result.article)
    return FileResult(name, "duplicate", "Same text as an existing article.", result.article)


def add_file(*, project: Project, upload: UploadedFile, actor: AbstractBaseUser) -> FileResult:
    name = PurePath(upload.name or "unnamed").name
    kind = KINDS.get(PurePath(name).suffix.lower())
    if kind is None:
        return FileResult(name, "error", "Unsupported file type: upload .txt, .html or .jsonl.")
    try:
        return _add(_read(upload), name, kind, project, actor)
    except DomainError as exc:
        return FileResult(name, "error", exc.message)
    except DatabaseError:
        log.exception("upload %r: database error", name)
        return FileResult(name, "error", "The database did not answer; not stored. Try again.")
    except Exception:
        # A file is hostile input to third-party parsers (trafilatura, lxml). Whatever one of
        # them does on one file, the files uploaded with it were stored or refused on their own,
        # and the page must say so, not turn into an error page that hides them. Logged, since
        # it is a bug to fix; each file's article is written in its own transaction.
        log.exception("upload %r failed", name)
        return FileResult(
            name, "error", "This file could not be read (an unexpected error, logged); not stored."
        )
