"""Import a corpus from JSON Lines: one article a line, optionally with its spans.

    {"title", "text", "url"?, "outlet"?, "published_at"?, "external_id"?,
     "spans"?: [{"start", "end", "label", "quote"?, "status"?, "note"?}]}

Span offsets are code points over the text *as given*; they are remapped through the same
normalisation the stored text goes through, so a `\\r\\n` article keeps its spans on the same words.

All or nothing: every line is validated, every error is collected with its line number, and if
there is any, nothing is stored. Lines are read one by one and written in batches inside one
transaction; an error found after some batches were written rolls the whole transaction back, so
memory stays flat however long the file is. A text already in the project (or earlier in the
file) is a duplicate: reported, not stored again.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.utils import timezone

from newsannot.annotations.models import Action, Origin, Span, SpanHistory, Status
from newsannot.annotations.services import SNAPSHOT_SQL
from newsannot.corpus import roles, search
from newsannot.corpus.models import Article, Label, Project
from newsannot.corpus.services import article_prepare, articles_added
from newsannot.lib.errors import DomainError, Invalid
from newsannot.lib.prefetch import prefetched
from newsannot.lib.text import normalise
from newsannot.outlets.services import SpanOutlets

User = get_user_model()
BATCH = 250  # articles per bulk insert
MAX_ERRORS = 1000  # past this many, the report says so instead of listing more
ARTICLE_FIELDS = {"title", "text", "url", "outlet", "published_at", "external_id", "spans"}
SPAN_FIELDS = {"start", "end", "label", "quote", "status", "note"}
STATUSES = frozenset(Status.values)  # Status.values builds a new list on every call
# Fields our own export writes that an import accepts and ignores (outlets are re-detected).
EXPORTED_ONLY = {"id", "offsets", "created_at", "updated_at", "outlet_registry"}
SPAN_EXPORTED_ONLY = {"id", "annotator", "reviewer", "created_at", "updated_at", "outlet"}


@dataclass
class ImportReport:
    created: int = 0
    duplicates: list[dict] = field(default_factory=list)
    spans: int = 0


class ImportFailed(Invalid):
    """The file has errors; nothing was stored. `.errors` lists each with its line number."""

    def __init__(self, errors: list[dict]) -> None:
        count = len(errors)
        super().__init__(
            f"The import has {count} error{'s' if count != 1 else ''}; nothing was stored.",
            errors=errors,
        )
        self.errors = errors


@dataclass
class _Row:
    line: int
    article: Article
    spans: list[dict[str, Any]]


class _LineError(Exception):
    pass


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise _LineError(f"published_at must be a date written YYYY-MM-DD, not {value!r}.")
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise _LineError(
            f"published_at must be a date written YYYY-MM-DD, not {value!r}."
        ) from None


def _text_field(data: dict, name: str) -> str:
    value = data.get(name, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _LineError(f"{name} must be a string, not {value!r}.")
    return _storable(name, value)


def _storable(name: str, value: str, *, nul_allowed: bool = False) -> str:
    """A string JSON can carry but a database cannot store is a line error, not a 500: NUL
    (PostgreSQL refuses it in text) and unpaired UTF-16 surrogates (not characters at all),
    both only reachable through \\u escapes. The article text may hold NULs: normalising
    removes them with the other control characters."""
    if not nul_allowed and "\x00" in value:
        raise _LineError(f"{name} contains a NUL character (\\u0000), which cannot be stored.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise _LineError(
            f"{name} contains an unpaired surrogate ({value[exc.start]!r} at character "
            f"{exc.start}), which is not a character."
        ) from None
    return value


class _Importer:
    def __init__(self, project: Project, actor: AbstractBaseUser, dry_run: bool) -> None:
        self.project = project
        self.actor = actor
        self.dry_run = dry_run
        self.may_decide = roles.can_manage(actor, project)
        self.labels: dict[str, Label] = {label.key: label for label in project.labels.all()}
        self.errors: list[dict] = []
        self.report = ImportReport()
        self.seen_hashes: dict[str, int] = {}  # content hash -> line, for duplicates in the file
        self.seen_external: dict[str, int] = {}
        self.batch: list[_Row] = []
        self.defer_index = search.defer_for_bulk()
        self.index_later = False
        # The outlet each state-media-source span names, stored with it (exports read it).
        self.span_outlet = SpanOutlets()

    # -- validation -------------------------------------------------------------------------

    def error(self, line: int, detail: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append({"line": line, "detail": detail})
        elif len(self.errors) == MAX_ERRORS:
            self.errors.append({"line": line, "detail": "Too many errors; stopped listing them."})

    def parse(self, line: int, raw: bytes | str) -> _Row | None:
        try:
            text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        except UnicodeDecodeError as exc:
            raise _LineError(f"The line is not valid UTF-8 (byte {exc.start}).") from None
        if not text.strip():
            return None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise _LineError(
                f"The line is not valid JSON: {exc.msg} at column {exc.colno}."
            ) from None
        except RecursionError:
            raise _LineError("The line nests JSON too deeply to be an article.") from None
        if not isinstance(data, dict):
            raise _LineError("Each line must be a JSON object describing one article.")
        unknown = sorted(set(data) - ARTICLE_FIELDS - EXPORTED_ONLY)
        if unknown:
            raise _LineError(f"Unknown field(s): {', '.join(unknown)}.")
        if "text" not in data:
            raise _LineError("The article has no text field.")
        raw_text = data["text"]
        if not isinstance(raw_text, str):
            raise _LineError("text must be a string.")
        _storable("text", raw_text, nul_allowed=True)
        try:
            article = article_prepare(
                project=self.project,
                title=_text_field(data, "title"),
                text=raw_text,
                url=_text_field(data, "url"),
                outlet=_text_field(data, "outlet"),
                published_at=_date(data.get("published_at")),
                external_id=_text_field(data, "external_id"),
                created_by=self.actor,
            )
        except DomainError as exc:
            raise _LineError(exc.message) from None
        if len(article.url) > 2000:
            raise _LineError("url is longer than 2000 characters.")
        if len(article.outlet) > 200:
            raise _LineError("outlet is longer than 200 characters.")
        if len(article.external_id) > 200:
            raise _LineError("external_id is longer than 200 characters.")
        spans = self.parse_spans(raw_text, article.text, data.get("spans"))
        return _Row(line=line, article=article, spans=spans)

    def parse_spans(self, raw: str, text: str, spans: Any) -> list[dict[str, Any]]:
        if spans is None:
            return []
        if not isinstance(spans, list):
            raise _LineError("spans must be a list.")
        normalised = normalise(raw) if raw != text else None
        out: list[dict[str, Any]] = []
        keys: set[tuple] = set()
        problems: list[str] = []
        for index, spec in enumerate(spans, start=1):
            try:
                span = self.parse_span(raw, text, normalised, spec)
            except _LineError as exc:
                problems.append(f"span {index}: {exc}")
                continue
            key = (span["label"].pk, span["start"], span["end"])
            if key in keys:
                problems.append(
                    f"span {index}: a {span['label'].key!r} span at "
                    f"[{span['start']}, {span['end']}) is listed twice."
                )
                continue
            keys.add(key)
            out.append(span)
        if problems:
            raise _LineError(" ".join(problems))
        return out

    def parse_span(self, raw: str, text: str, normalised: Any, spec: Any) -> dict[str, Any]:
        if not isinstance(spec, dict):
            raise _LineError("a span must be a JSON object.")
        unknown = sorted(set(spec) - SPAN_FIELDS - SPAN_EXPORTED_ONLY)
        if unknown:
            raise _LineError(f"unknown field(s): {', '.join(unknown)}.")
        start, end = spec.get("start"), spec.get("end")
        for name, value in (("start", start), ("end", end)):
            if isinstance(value, bool) or not isinstance(value, int):
                raise _LineError(f"{name} must be a whole number, not {value!r}.")
        if start < 0:
            raise _LineError(f"start ({start}) must not be negative.")
        if end > len(raw):
            raise _LineError(f"end ({end}) is past the end of the text ({len(raw)} characters).")
        if start >= end:
            raise _LineError(f"start ({start}) must be less than end ({end}).")
        quote = spec.get("quote")
        if quote is not None and quote != raw[start:end]:
            raise _LineError(
                f"quote does not match the text at [{start}, {end}): the text there is "
                f"{raw[start:end][:60]!r}, the quote sent was {str(quote)[:60]!r}."
            )
        if normalised is not None:
            start, end = normalised.map_offset(start), normalised.map_offset(end)
            if start >= end:
                raise _LineError("the span covers only characters that normalisation removes.")
        label = self.labels.get(spec.get("label"))  # type: ignore[arg-type]
        if label is None:
            raise _LineError(
                f"unknown label {spec.get('label')!r}; this project's labels are: "
                f"{', '.join(self.labels)}."
            )
        status = spec.get("status", Status.PENDING) or Status.PENDING
        if status not in STATUSES:
            raise _LineError(f"unknown status {status!r}; it is one of {', '.join(Status.values)}.")
        if status != Status.PENDING and not self.may_decide:
            raise _LineError(f"only managers of this project can import {status} spans.")
        note = spec.get("note") or ""
        if not isinstance(note, str):
            raise _LineError("note must be a string.")
        _storable("note", note)
        return {
            "label": label,
            "start": start,
            "end": end,
            "quote": text[start:end],
            "status": status,
            "note": note,
        }

    def check(self, item: tuple[int, bytes | str]) -> tuple[int, _Row | None, str | None]:
        """Parse and validate one numbered line. Runs in the prefetch thread: no database."""
        line, raw = item
        try:
            return line, self.parse(line, raw), None
        except _LineError as exc:
            return line, None, str(exc)

    def take(self, line: int, row: _Row | None, problem: str | None) -> None:
        if problem is not None:
            self.error(line, problem)
            return
        if row is None:
            return
        article = row.article
        first = self.seen_hashes.get(article.content_hash)
        if first is not None:
            self.report.duplicates.append(
                {"line": line, "title": article.title, "duplicate_of_line": first}
            )
            return
        self.seen_hashes[article.content_hash] = line
        if article.external_id:
            other = self.seen_external.get(article.external_id)
            if other is not None:
                self.error(
                    line, f"external_id {article.external_id!r} is used on line {other} already."
                )
                return
            self.seen_external[article.external_id] = line
        self.batch.append(row)
        if len(self.batch) >= BATCH:
            self.flush()

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
        self.report.created += len(fresh)
        self.report.spans += sum(len(r.spans) for r in fresh)
        if self.errors or self.dry_run:
            return  # keep validating; nothing more will be written
        self.write(fresh)

    def write(self, rows: list[_Row]) -> None:
        # Article ids are drawn first, so articles and their spans each go in by one COPY (or
        # executemany) of plain values: no model instances, no reading ids back.
        now = timezone.now()
        articles = [r.article for r in rows]
        for article, pk in zip(articles, _allocate_ids(Article, len(articles)), strict=True):
            article.pk = pk
            article.created_at = article.updated_at = now
            article.text_indexed = not self.defer_index
            article._state.adding = False
        if self.defer_index and not self.index_later:  # one catch-up per import
            self.index_later = True
            # robust: the import has committed by then; a failure to start indexing must not
            # turn its answer into an error (search is complete without the index).
            transaction.on_commit(search.catch_up, robust=True)
        _raw_insert(
            Article,
            ARTICLE_COLUMNS,
            [tuple(getattr(a, name) for name in ARTICLE_ATTRS) for a in articles],
        )
        # Outlets now (cheap, and exports want them); suggestions on first open (see there).
        articles_added(articles, suggest=False)
        span_rows = []
        actor_id = self.actor.pk
        project_id = self.project.pk
        span_outlet = self.span_outlet
        for row in rows:
            article_id = row.article.pk
            for s in row.spans:
                decided = s["status"] != Status.PENDING
                span_rows.append(
                    (
                        project_id,
                        article_id,
                        s["label"].pk,
                        s["start"],
                        s["end"],
                        s["quote"],
                        s["note"],
                        actor_id,
                        Origin.IMPORTED.value,
                        s["status"],
                        actor_id if decided else None,
                        now if decided else None,
                        "",
                        1,
                        now,
                        now,
                        span_outlet(s["label"].key, s["quote"]),
                        False,
                    )
                )
        if span_rows:
            _insert_spans_with_history(span_rows, [a.pk for a in articles], actor_id)


STAGING = "newsannot_import_span"


def _insert_spans_with_history(rows: list[tuple], article_ids: list[int], actor_id: int) -> None:
    """Store spans, and one history row for each, written by the database from the stored span
    (SNAPSHOT_SQL mirrors snapshot()): no span ids or JSON go back and forth.

    PostgreSQL: COPY into a temporary table, then one statement moves the rows into the span
    table and hands what it inserted (RETURNING) to the history insert. Finding the new spans
    by article instead would depend on the table's statistics, which a bulk import outdates:
    with stale ones the planner scans every span in the table, once per batch.
    SQLite: a plain insert, then the new articles' spans by the (article, ...) index.
    """
    quote = connection.ops.quote_name
    span_table, history_table = quote(Span._meta.db_table), quote(SpanHistory._meta.db_table)
    span_columns = ", ".join(quote(Span._meta.get_field(name).column) for name in SPAN_COLUMNS)
    history_columns = ", ".join(
        quote(SpanHistory._meta.get_field(name).column) for name in HISTORY_COLUMNS
    )
    build = "jsonb_build_object" if connection.vendor == "postgresql" else "json_object"
    after = ", ".join(f"'{key}', {expr}" for key, expr in SNAPSHOT_SQL.items())
    history_select = (
        "SELECT s.id, s.project_id, s.article_id, %s, %s, s.created_at, NULL, "
        f"{build}({after}), %s "
        f"FROM {{spans}} s JOIN {quote(Label._meta.db_table)} l ON l.id = s.label_id "
        f"LEFT JOIN {quote(User._meta.db_table)} u ON u.id = s.reviewer_id"
    )
    params = [actor_id, Action.CREATE.value, "imported"]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            _raw_insert(Span, SPAN_COLUMNS, rows)
            cursor.execute(
                f"INSERT INTO {history_table} ({history_columns}) "
                + history_select.format(spans=span_table)
                + f" WHERE s.article_id IN ({', '.join(['%s'] * len(article_ids))})",
                [*params, *article_ids],
            )
            return
        # The span columns' types, no constraints; dropped at commit or rollback.
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {STAGING} ON COMMIT DROP AS "
            f"SELECT {span_columns} FROM {span_table} WITH NO DATA"
        )
        _copy(cursor, STAGING, span_columns, rows)
        cursor.execute(
            f"WITH s AS (INSERT INTO {span_table} ({span_columns}) "
            f"SELECT {span_columns} FROM {STAGING} RETURNING *) "
            f"INSERT INTO {history_table} ({history_columns}) " + history_select.format(spans="s"),
            params,
        )
        cursor.execute(f"TRUNCATE {STAGING}")


def _allocate_ids(model: type, count: int) -> list[int]:
    """`count` fresh primary keys for `model`, ours alone."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [pk for (pk,) in cursor.fetchall()]
        # SQLite: the import's transaction holds the write lock (BEGIN IMMEDIATE), so the ids
        # after the highest ever used (AUTOINCREMENT keeps it in sqlite_sequence) are ours.
        cursor.execute(
            "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
            f"COALESCE((SELECT MAX(id) FROM {connection.ops.quote_name(table)}), 0))",
            [table],
        )
        first = cursor.fetchone()[0] + 1
        return list(range(first, first + count))


ARTICLE_COLUMNS = (
    "id",
    "project",
    "title",
    "url",
    "outlet",
    "published_at",
    "external_id",
    "text",
    "content_hash",
    "text_indexed",
    "created_by",
    "created_at",
    "updated_at",
)
ARTICLE_ATTRS = tuple(Article._meta.get_field(name).attname for name in ARTICLE_COLUMNS)


SPAN_COLUMNS = (
    "project",
    "article",
    "label",
    "start",
    "end",
    "quote",
    "note",
    "annotator",
    "origin",
    "status",
    "reviewer",
    "reviewed_at",
    "review_reason",
    "version",
    "created_at",
    "updated_at",
    "outlet",
    "outlet_by_hand",
)
HISTORY_COLUMNS = (
    "span",
    "project",
    "article",
    "actor",
    "action",
    "at",
    "before",
    "after",
    "reason",
)


def _prepared(fields: list, rows: list[tuple]) -> Iterable[tuple]:
    """Each row's values as the database takes them."""
    if connection.vendor == "postgresql":
        # psycopg adapts ints, strings, None and aware datetimes itself. (Preparing every value
        # through its field was half the import's time: bench/RESULTS.md.)
        return rows
    return (
        tuple(
            field.get_db_prep_save(value, connection)
            for field, value in zip(fields, row, strict=True)
        )
        for row in rows
    )


def _copy(cursor: Any, table: str, columns: str, rows: Iterable[tuple]) -> None:
    """COPY rows into a PostgreSQL table: several times faster than even a pipelined
    executemany."""
    # psycopg's own copy() bypasses Django's cursor wrapper and its error translation: a lost
    # connection must reach the middleware as Django's OperationalError (a 503, not a 500).
    sql = f"COPY {table} ({columns}) FROM STDIN"
    with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
        for values in rows:
            copy.write_row(values)


def _raw_insert(model: type, names: tuple[str, ...], rows: list[tuple], chunk: int = 5000) -> None:
    """INSERT rows of plain values: COPY on PostgreSQL, executemany on SQLite."""
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    prepared = _prepared(fields, rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            columns = ", ".join(quote(f.column) for f in fields)
            _copy(cursor, quote(model._meta.db_table), columns, prepared)
            return
        batch: list[tuple] = []
        for values in prepared:
            batch.append(values)
            if len(batch) >= chunk:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


@contextmanager
def _constraints_checked_per_statement() -> Iterator[None]:
    """Foreign keys checked at the end of each COPY, not all at commit.

    Django declares PostgreSQL foreign keys DEFERRABLE INITIALLY DEFERRED: an import's hundreds of
    thousands of checks would all run at commit, after the last line is parsed. Run per statement,
    they overlap with the parsing of the next lines (see prefetched).
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    yield
    with connection.cursor() as cursor:  # back to the default for the rest of the transaction
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def import_jsonl(
    *,
    project: Project,
    lines: Iterable[bytes],
    actor: AbstractBaseUser,
    dry_run: bool = False,
) -> ImportReport:
    """Validate and store a JSON Lines corpus; raise ImportFailed (nothing stored) on any error."""
    roles.require_annotate(actor, project)
    importer = _Importer(project, actor, dry_run)
    with transaction.atomic(), _constraints_checked_per_statement():
        # Lines are parsed in a thread ahead of this one, which waits on the database meanwhile.
        for line, row, problem in prefetched(
            enumerate(lines, start=1), importer.check, ahead=2 * BATCH
        ):
            importer.take(line, row, problem)
        importer.flush()
        if importer.errors:
            # Leaving the block with an exception rolls back every batch already written.
            raise ImportFailed(importer.errors)
    return importer.report
