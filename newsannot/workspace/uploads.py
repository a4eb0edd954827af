"""Add articles from uploaded files: one result per file, and one bad file spoils no other."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile

from newsannot.corpus import textfiles
from newsannot.corpus.models import Article, Project
from newsannot.corpus.services import article_create
from newsannot.lib.errors import DomainError, Invalid

KINDS = {".txt": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}


@dataclass
class FileResult:
    name: str
    outcome: str  # "created", "duplicate", "imported" or "error"
    message: str = ""
    article: Article | None = None
    duplicates: list[dict] = field(default_factory=list)  # JSON Lines: {line, title, article?}


MAX_LISTED = 20  # duplicates listed per file; the count covers the rest


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
    try:
        from newsannot.corpus.importer import ImportFailed, import_jsonl
    except ImportError:
        return FileResult(name, "error", "JSON Lines upload is not supported yet.")
    try:
        report = import_jsonl(project=project, lines=data.splitlines(), actor=actor)
    except ImportFailed as exc:
        details = "; ".join(f"line {e['line']}: {e['detail']}" for e in exc.errors[:5])
        more = f" (and {len(exc.errors) - 5} more)" if len(exc.errors) > 5 else ""
        return FileResult(name, "error", f"{exc.message} {details}{more}".strip())
    dupes = len(report.duplicates)
    message = f"{report.created} articles added, {dupes} duplicates skipped, {report.spans} spans."
    return FileResult(name, "imported", message, duplicates=report.duplicates[:MAX_LISTED])


def add_file(*, project: Project, upload: UploadedFile, actor: AbstractBaseUser) -> FileResult:
    name = PurePath(upload.name or "unnamed").name
    kind = KINDS.get(PurePath(name).suffix.lower())
    if kind is None:
        return FileResult(name, "error", "Unsupported file type: upload .txt, .html or .jsonl.")
    try:
        data = _read(upload)
        if kind == "jsonl":
            return _import_jsonl(data, name, project, actor)
        extracted = (textfiles.from_txt if kind == "txt" else textfiles.from_html)(data, name)
        result = article_create(
            project=project,
            title=extracted.title,
            text=extracted.text,
            url=extracted.url,
            outlet=extracted.outlet,
            published_at=extracted.published_at,
            created_by=actor,
        )
    except DomainError as exc:
        return FileResult(name, "error", exc.message)
    if result.created:
        return FileResult(name, "created", "Added.", result.article)
    return FileResult(name, "duplicate", "Same text as an existing article.", result.article)
