"""Import a corpus from JSON Lines: one article a line, optionally with its spans (parse.py).

All or nothing: every line is validated, every error is collected with its line number, and if
there is any, nothing is stored. Lines are read one by one and written in batches inside one
transaction; an error found after some batches were written rolls the whole transaction back, so
memory stays flat however long the file is. A text already in the project (or earlier in the
file) is a duplicate: reported, not stored again. A span listed twice in a line with the same
label, offsets, note and status is stored once and reported under `merged_spans`.

`import_jsonl` is a plain service: an iterable of byte lines in, a report out (or ImportFailed);
the API, `manage.py import_corpus`, the workspace upload and the benchmark all call it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from newsannot import policy
from newsannot.annotations.models import LabelAttribute, RelationType
from newsannot.corpus import search
from newsannot.corpus.models import Article, Label, Project
from newsannot.corpus.services import article_of, articles_added
from newsannot.ingest import bulk
from newsannot.ingest.parse import LineError, LineParser, RelationValues, SpanValues
from newsannot.jobs.services import after_bulk_write
from newsannot.lib.errors import Invalid, encodable
from newsannot.lib.prefetch import prefetched
from newsannot.lib.words import counted
from newsannot.outlets.services import SpanOutlets

BATCH = 250  # articles per bulk insert
MAX_ERRORS = 1000  # past this many, the report says so instead of listing more


@dataclass
class ImportReport:
    created: int = 0
    duplicates: list[dict] = field(
        default_factory=list
    )  # {line, title, article | duplicate_of_line}
    spans: int = 0
    merged_spans: list[dict] = field(default_factory=list)  # {line, span, detail}
    relations: int = 0


class ImportFailed(Invalid):
    """The file has errors; nothing was stored. `.errors` lists each with its line number."""

    def __init__(self, errors: list[dict]) -> None:
        count = len(errors)
        super().__init__(
            f"The import has {counted(count, 'error')}; nothing was stored.",
            errors=errors,
        )
        self.errors = errors


class NothingToImport(Invalid):
    """Not one line held an article: an empty body is a mistake, not a successful import."""

    code = "empty"

    def __init__(self) -> None:
        super().__init__("Nothing to import: not one line holds an article; nothing was stored.")


@dataclass(slots=True)
class _Row:
    line: int
    article: Article
    spans: list[SpanValues]
    merged: list[dict[str, Any]]
    relations: list[RelationValues]


class _Importer:
    def __init__(self, project: Project, actor: AbstractBaseUser, dry_run: bool) -> None:
        self.project = project
        self.actor = actor
        self.dry_run = dry_run
        labels: dict[str, Label] = {label.key: label for label in project.labels.all()}
        attributes: dict[str, dict[str, list[str]]] = {}
        for key, name, values in LabelAttribute.objects.filter(label__project=project).values_list(
            "label__key", "key", "values"
        ):
            attributes.setdefault(key, {})[name] = values
        self.parse = LineParser(
            labels,
            may_decide=policy.allowed(actor, "span.edit_any", project),
            attributes=attributes,
            relation_types={
                t.key: t for t in RelationType.objects.filter(project=project, retired=False)
            },
        )
        self.errors: list[dict] = []
        self.report = ImportReport()
        self.articles_seen = 0  # lines that hold an article, good or bad
        self.lines_done = 0
        self.seen_hashes: dict[str, int] = {}  # content hash -> line, for duplicates in the file
        self.seen_external: dict[str, int] = {}
        self.batch: list[_Row] = []
        self.defer_index = search.defer_for_bulk()
        # The outlet each state-media-source span names, stored with it (exports read it).
        self.span_outlet = SpanOutlets()
        self.index_later = False

    # -- validation (check runs in the prefetch thread: no database) ---------------------------

    def check(self, item: tuple[int, bytes | str]) -> tuple[int, _Row | None, str | None]:
        """Parse and validate one numbered line."""
        line, raw = item
        try:
            parsed = self.parse(raw)
        except LineError as exc:
            return line, None, str(exc)
        if parsed is None:
            return line, None, None
        article = article_of(parsed.article, project=self.project, created_by=self.actor)
        return line, _Row(line, article, parsed.spans, parsed.merged, parsed.relations), None

    def error(self, line: int, detail: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append({"line": line, "detail": encodable(detail)})
        elif len(self.errors) == MAX_ERRORS:
            self.errors.append({"line": line, "detail": "Too many errors; stopped listing them."})

    def take(self, line: int, row: _Row | None, problem: str | None) -> bool:
        """Take one checked line; True when a batch is full and was flushed."""
        self.lines_done = line
        if problem is not None:
            self.articles_seen += 1
            self.error(line, problem)
            return False
        if row is None:
            return False
        self.articles_seen += 1
        article = row.article
        first = self.seen_hashes.get(article.content_hash)
        if first is not None:
            self.report.duplicates.append(
                {"line": line, "title": article.title, "duplicate_of_line": first}
            )
            return False
        self.seen_hashes[article.content_hash] = line
        if article.external_id:
            other = self.seen_external.get(article.external_id)
            if other is not None:
                self.error(
                    line, f"external_id {article.external_id!r} is used on line {other} already."
                )
                return False
            self.seen_external[article.external_id] = line
        self.batch.append(row)
        if len(self.batch) < BATCH:
            return False
        self.flush()
        return True

    # -- writing ----------------------------------------------------------------------------

    def flush(self) -> None:
        rows, self.batch = self.batch, []
        if not rows:
            return
        existing = dict(
            Article.objects.filter(
                project=self.project, content_hash__in=[r.article.content_hash for r in rows]
            ).values_list("content_hash", "id")
        )
        taken = set(
            Article.objects.filter(
                project=self.project,
                external_id__in=[r.article.external_id for r in rows if r.article.external_id],
            ).values_list("external_id", flat=True)
        )
        fresh: list[_Row] = []
        for row in rows:
            if row.article.content_hash in existing:
                self.report.duplicates.append(
                    {
                        "line": row.line,
                        "title": row.article.title,
                        "article": existing[row.article.content_hash],
                    }
                )
            elif row.article.external_id in taken:
                self.error(
                    row.line,
                    f"Another article in this project has the external id "
                    f"{row.article.external_id!r}.",
                )
            else:
                fresh.append(row)
                self.report.merged_spans += [{"line": row.line, **m} for m in row.merged]
        self.report.created += len(fresh)
        self.report.spans += sum(len(r.spans) for r in fresh)
        self.report.relations += sum(len(r.relations) for r in fresh)
        if self.errors or self.dry_run:
            return  # keep validating; nothing more will be written
        self.write(fresh)

    def write(self, rows: list[_Row]) -> None:
        # Article ids are drawn first, so articles and their spans each go in by one COPY (or
        # executemany) of plain values: no model instances saved, no reading ids back.
        now = timezone.now()
        articles = [r.article for r in rows]
        for article, pk in zip(articles, bulk.allocate_ids(Article, len(articles)), strict=True):
            article.pk = pk
            article.created_at = article.updated_at = now
            article.text_indexed = not self.defer_index
            article._state.adding = False
        if not self.index_later:  # once per import, queued in its transaction
            self.index_later = True
            after_bulk_write(self.project.pk, index=self.defer_index)
        bulk.insert_articles(articles)
        # Outlets now (cheap, and exports want them); suggestions in a background job.
        detected = articles_added(articles, suggest=False)
        span_rows = bulk.span_rows(
            project_id=self.project.pk,
            actor_id=self.actor.pk,
            now=now,
            articles=((r.article.pk, r.spans) for r in rows),
            # The articles' outlets just detected decide ambiguous names, as for a span
            # created on its own (span_create): no query per article or span.
            outlet_of=self.span_outlet.in_articles(
                (a.pk, a.text, detected.get(a.pk)) for a in articles
            ),
        )
        if span_rows:
            bulk.insert_spans_with_history(span_rows, [a.pk for a in articles], self.actor.pk)
        linked = [(r.article.pk, r.spans, r.relations) for r in rows if r.relations]
        if linked:
            bulk.insert_relations(
                project_id=self.project.pk, actor_id=self.actor.pk, now=now, articles=linked
            )


def import_jsonl(
    *,
    project: Project,
    lines: Iterable[bytes],
    actor: AbstractBaseUser,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Validate and store a JSON Lines corpus; raise ImportFailed (nothing stored) on any error,
    NothingToImport if no line holds an article.

    `progress(lines_done)`, if given, is called after each batch and once at the end, inside
    the import's transaction, with the number of lines read so far.
    """
    policy.require(actor, "article.add", project)
    importer = _Importer(project, actor, dry_run)
    with transaction.atomic(), bulk.constraints_checked_per_statement():
        # Lines are parsed in a thread ahead of this one, which waits on the database meanwhile.
        for line, row, problem in prefetched(
            enumerate(lines, start=1), importer.check, ahead=2 * BATCH
        ):
            if importer.take(line, row, problem) and progress is not None:
                progress(line)
        importer.flush()
        if importer.errors:
            # Leaving the block with an exception rolls back every batch already written.
            raise ImportFailed(importer.errors)
        if not importer.articles_seen:
            raise NothingToImport()
        if progress is not None:
            progress(importer.lines_done)
    return importer.report
