"""Writes to the outlet registry (forms, admin-like pages, CSV import) and outlet detection:
the outlet an article comes from, and the outlet a state-media-source span names."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from newsannot import policy
from newsannot.annotations.models import Span
from newsannot.corpus.models import Article, Label
from newsannot.lib.errors import Conflict, Forbidden, Invalid
from newsannot.lib.spreadsheet import escape_cell, unescape_cell
from newsannot.outlets.domains import registrable_domain
from newsannot.outlets.models import (
    ALIAS_MAX,
    OUTLET_LABEL,
    ArticleOutlet,
    How,
    Outlet,
    OutletAlias,
    OutletDomain,
    Typology,
)
from newsannot.outlets.registry import (
    NO_CONTEXT,
    NOT_FOUND,
    PARTS,
    Context,
    Found,
    OutletInfo,
    Registry,
    registry,
)
from newsannot.outlets.source_lines import source_lines

CSV_FIELDS = ["name", "country", "typology", "aliases", "domains", "notes", "source"]
LIST_SEPARATOR = "|"


def _split(value: str | Iterable[str]) -> list[str]:
    items = (
        value.replace("\n", LIST_SEPARATOR).split(LIST_SEPARATOR)
        if isinstance(value, str)
        else value
    )
    seen: list[str] = []
    for item in items:
        item = " ".join(item.split())
        if item and item not in seen:
            seen.append(item)
    return seen


def typology_from(value: str) -> str:
    """A typology code from its code or its label ("SC", "State-controlled")."""
    value = (value or "").strip()
    for code, label in Typology.choices:
        if value.casefold() in {code.casefold(), label.casefold()}:
            return code
    known = ", ".join(f"{c} ({label})" for c, label in Typology.choices if c)
    raise Invalid(
        f"Unknown typology {value!r}; use one of {known}, or leave it empty.", field="typology"
    )


def clean_domains(values: str | Iterable[str]) -> list[str]:
    domains = []
    for value in _split(values):
        domain = registrable_domain(value)
        if not domain:
            raise Invalid(f"{value!r} is not a web address or domain name.", field="domains")
        if domain not in domains:
            domains.append(domain)
    return domains


def outlet_names(outlet: Outlet) -> list[str]:
    return [outlet.name, *(outlet.aliases or ())]


@transaction.atomic
def outlet_save(
    *,
    outlet: Outlet | None = None,
    name: str,
    country: str = "",
    typology: str = "",
    aliases: str | Iterable[str] = (),
    domains: str | Iterable[str] = (),
    notes: str = "",
    source: str = "",
) -> Outlet:
    """Create an outlet, or change one; its domains are replaced by `domains`. The spans whose
    quotes could name it, under its old names or its new ones, are detected again."""
    before = outlet_names(outlet) if outlet is not None and outlet.pk else []
    outlet = _outlet_write(
        outlet=outlet,
        name=name,
        country=country,
        typology=typology,
        aliases=aliases,
        domains=domains,
        notes=notes,
        source=source,
    )
    spans_detect_outlets(names=[*before, *outlet_names(outlet)], outlet_ids=[outlet.pk])
    return outlet


def _outlet_write(
    *,
    outlet: Outlet | None,
    name: str,
    country: str,
    typology: str,
    aliases: str | Iterable[str],
    domains: str | Iterable[str],
    notes: str,
    source: str,
) -> Outlet:
    name = " ".join((name or "").split())
    country = " ".join((country or "").split())
    if not name:
        raise Invalid("An outlet needs a name.", field="name")
    code = typology_from(typology)
    domain_list = clean_domains(domains)
    same = Outlet.objects.filter(name=name, country=country)
    if outlet is not None:
        same = same.exclude(pk=outlet.pk)
    if same.exists():
        where = f" in {country}" if country else ""
        raise Conflict(f"There is an outlet named {name!r}{where} already.", field="name")
    taken = (
        OutletDomain.objects.filter(domain__in=domain_list)
        .exclude(outlet=outlet)
        .select_related("outlet")
        .first()
        if outlet is not None
        else OutletDomain.objects.filter(domain__in=domain_list).select_related("outlet").first()
    )
    if taken is not None:
        raise Conflict(f"{taken.domain} belongs to {taken.outlet} already.", field="domains")
    outlet = outlet or Outlet()
    outlet.name, outlet.country, outlet.typology = name, country, code
    outlet.aliases = [a for a in _split(aliases) if a != name]
    outlet.notes = (notes or "").strip()
    outlet.source = (source or "").strip() or outlet.source or "entered by hand"
    outlet.save()
    outlet.domains.exclude(domain__in=domain_list).delete()
    existing = set(outlet.domains.values_list("domain", flat=True))
    OutletDomain.objects.bulk_create(
        OutletDomain(outlet=outlet, domain=d) for d in domain_list if d not in existing
    )
    return outlet


# --- Aliases managers add ------------------------------------------------------------------


def _require_manager(actor: Any) -> None:
    if not policy.may_manage_outlets(actor):
        raise Forbidden("Only site admins and project managers can edit the outlet registry.")


@transaction.atomic
def outlet_alias_add(*, outlet: Outlet, alias: str, actor: Any) -> OutletAlias:
    """Teach the registry another name of `outlet` ("Perviy", "1TV"). The registry is rebuilt
    on its next use (its key counts these rows) and the spans that could hold the name are
    detected again. A name the outlet has already is refused (409)."""
    _require_manager(actor)
    alias = " ".join((alias or "").split())
    if not alias:
        raise Invalid("An alias needs some text.", field="alias")
    if len(alias) > ALIAS_MAX:
        raise Invalid(f"An alias has at most {ALIAS_MAX} characters.", field="alias")
    if alias in outlet_names(outlet) or outlet.added_aliases.filter(alias=alias).exists():
        raise Conflict(f"{outlet} is known as {alias!r} already.", field="alias")
    row = OutletAlias.objects.create(outlet=outlet, alias=alias, added_by=actor)
    spans_detect_outlets(names=[alias], outlet_ids=[outlet.pk])
    return row


@transaction.atomic
def outlet_alias_remove(*, alias: OutletAlias, actor: Any) -> None:
    _require_manager(actor)
    name, outlet_id = alias.alias, alias.outlet_id
    alias.delete()
    spans_detect_outlets(names=[name], outlet_ids=[outlet_id])


# --- CSV -----------------------------------------------------------------------------------


def outlets_export_csv(outlets: Iterable[Outlet] | None = None) -> Iterator[str]:
    """CSV lines, header first: lists are joined with " | "; typology is its code.

    The file opens in spreadsheets: a cell that would run as a formula gets a leading
    apostrophe (newsannot/lib/spreadsheet.py), which the import below removes again.
    """
    if outlets is None:
        outlets = Outlet.objects.prefetch_related("domains").order_by("name", "country", "id")
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        value = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return value

    writer.writerow(CSV_FIELDS)
    yield flush()
    for outlet in outlets:
        cells = [
            outlet.name,
            outlet.country,
            outlet.typology,
            f" {LIST_SEPARATOR} ".join(outlet.aliases),
            f" {LIST_SEPARATOR} ".join(d.domain for d in outlet.domains.all()),
            outlet.notes,
            outlet.source,
        ]
        writer.writerow([escape_cell(cell) for cell in cells])
        yield flush()


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0


@transaction.atomic
def outlets_import_csv(text: str, *, source: str = "CSV import") -> ImportResult:
    """Create or update outlets (matched by name and country) from CSV; all rows or none."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = {"name"} - set(reader.fieldnames or [])
    if missing:
        raise Invalid(
            f"The CSV has no 'name' column; its columns are: {', '.join(CSV_FIELDS)}.",
            field="file",
        )
    result = ImportResult()
    names: list[str] = []  # every name a row changed: one re-detection for the whole file
    changed: list[int] = []
    for line, raw in enumerate(reader, start=2):
        # Undo the export's formula escaping; csv gives None for a short row's missing cells.
        row = {key: unescape_cell(value or "") for key, value in raw.items()}
        name = " ".join((row.get("name") or "").split())
        country = " ".join((row.get("country") or "").split())
        existing = Outlet.objects.filter(name=name, country=country).first()
        if existing is not None:
            names += outlet_names(existing)
        try:
            saved = _outlet_write(
                outlet=existing,
                name=name,
                country=country,
                typology=row.get("typology") or "",
                aliases=row.get("aliases") or "",
                domains=row.get("domains") or "",
                notes=row.get("notes") or "",
                source=row.get("source") or source,
            )
        except (Invalid, Conflict) as error:
            raise type(error)(f"Line {line}: {error.message}", field=error.field) from None
        names += outlet_names(saved)
        changed.append(saved.pk)
        if existing is None:
            result.created += 1
        else:
            result.updated += 1
    spans_detect_outlets(names=names, outlet_ids=changed)
    return result


# --- Detection -----------------------------------------------------------------------------

# "via" first, its word boundary checked behind it: a pattern that starts with a literal is
# found by a fast scan; one that starts with \b is tried at every position (20 times slower).
_VIA = re.compile(r"via(?<=\bvia)[ \t]+(?P<name>[^\n,.;:()]{2,60})")


def _source_line_names(text: str) -> Iterator[str]:
    """The names in "Source: X" lines."""
    for _, name_start, end in source_lines(text):
        yield text[name_start:end]


def detect_outlet(
    *, url: str, text: str, outlet_name: str = "", reg: Registry | None = None
) -> tuple[OutletInfo, str] | None:
    """The outlet an article comes from, and how we know: its URL, a "Source:" line, its name."""
    reg = reg or registry()
    info = reg.by_domain(registrable_domain(url))
    if info is not None:
        return info, How.DOMAIN
    for name in _source_line_names(text):
        for part in PARTS.split(name):  # by_name() ignores the spaces around a part
            info = reg.by_name(part)
            if info is not None:
                return info, How.SOURCE_LINE
    for match in _VIA.finditer(text):
        words = match.group("name").split()
        # "via RT", "via Russia Today's website": try the longest run of words first.
        for n in range(min(len(words), 5), 0, -1):
            info = reg.by_name(" ".join(words[:n]).removesuffix("'s").removesuffix("’s"))
            if info is not None:
                return info, How.SOURCE_LINE
    info = reg.by_name(outlet_name)
    if info is not None:
        return info, How.NAME
    return None


@transaction.atomic
def articles_detect_outlets(articles: Iterable[Article]) -> dict[int, ArticleOutlet | None]:
    """Detect and store each article's outlet (replacing an earlier detection).

    Two writes whatever the number of articles: the old links go, the new ones are inserted.
    """
    articles = list(articles)
    reg = registry()
    found: dict[int, ArticleOutlet | None] = {}
    for article in articles:
        detected = detect_outlet(
            url=article.url, text=article.text, outlet_name=article.outlet, reg=reg
        )
        if detected is None:
            found[article.pk] = None
            continue
        info, how = detected
        # By id, not article=article (which also caches the link on the article): measured on a
        # long import, the worker's memory then stays flat instead of growing with each batch.
        found[article.pk] = ArticleOutlet(article_id=article.pk, outlet_id=info.id, how=how)
    ArticleOutlet.objects.filter(article_id__in=[a.pk for a in articles]).delete()
    ArticleOutlet.objects.bulk_create([link for link in found.values() if link], batch_size=500)
    return found


# --- The outlet a state-media-source span names ----------------------------------------------

MEMO = 50_000  # distinct quotes one SpanOutlets remembers
UPDATE_BATCH = 1000  # spans a re-detection UPDATE names by id
CONTEXT_BATCH = 200  # ambiguous spans whose articles' texts a re-detection reads at once


def article_context(article: Article, reg: Registry | None = None) -> Context:
    """What decides an ambiguous outlet name in `article` (see context_of). One query, for
    the outlet detected for it."""
    link = ArticleOutlet.objects.filter(article_id=article.pk).values_list("outlet_id").first()
    return context_of(article.text or "", link[0] if link else None, reg or registry())


def context_of(text: str, outlet_id: int | None, reg: Registry) -> Context:
    """What decides an ambiguous outlet name in an article with `text` that comes from the
    outlet `outlet_id` (detected, ArticleOutlet): that outlet (and its country), then the
    outlets its text names without doubt. No query, one pass over the text (Registry.mentions
    is linear); asked only when a name is ambiguous."""
    context = NO_CONTEXT
    own = reg.outlets.get(outlet_id) if outlet_id is not None else None
    if own is not None:
        context = Context(outlet_ids=frozenset({own.id}), country=own.country)
    named = [m.outlet for m in reg.mentions(text) if m.outlet is not None]
    return context.knowing(named)


def span_outlet_found(label_key: str, quote: str, *, article: Article | None = None) -> Found:
    """The outlet a state-media-source span names, or the candidates its article did not
    decide between ("NTV" in an article that names no other outlet)."""
    if label_key != OUTLET_LABEL:
        return NOT_FOUND
    outlets = SpanOutlets()
    if article is None:
        return outlets.found(quote)
    return outlets.found_in(quote, lambda: article_context(article, outlets.registry))


def span_outlet_id(label_key: str, quote: str, *, article: Article | None = None) -> int | None:
    """The registry outlet a span with this label and quote names: only state-media-source
    spans name one ("Source: RT" → RT), and an ambiguous name only if its article decides
    it; otherwise None, never a guess. For a single write (the span services)."""
    info = span_outlet_found(label_key, quote, article=article).outlet
    return info.id if info else None


class SpanOutlets:
    """The outlet a state-media-source span names, for one span or many (a bulk import,
    re-detection): the registry is loaded once, when the first state-media-source span comes,
    and each distinct quote is looked up once.

    found_in() is the one rule every path follows (span services, bulk import, re-detection),
    so a span gets the same outlet however it was written: the quote's name, and when several
    outlets share it, the one its article's context decides, else none (never a guess)."""

    def __init__(self, reg: Registry | None = None) -> None:
        self._reg = reg
        self._memo: dict[str, Found] = {}

    def __call__(self, label_key: str, quote: str) -> int | None:
        """Without an article: an ambiguous name stays undecided."""
        return self.named_in(quote) if label_key == OUTLET_LABEL else None

    def named_in(self, quote: str) -> int | None:
        found = self.found(quote)
        return found.outlet.id if found.outlet else None

    def found(self, quote: str) -> Found:
        """The name in `quote` without context: its outlet, or its candidates."""
        try:
            return self._memo[quote]
        except KeyError:
            pass
        if len(self._memo) >= MEMO:
            self._memo.clear()
        found = self._memo[quote] = self.registry.resolve_in(quote)
        return found

    def found_in(self, quote: str, context: Callable[[], Context]) -> Found:
        """The name in `quote`, an ambiguous one decided by `context()`, asked only then (it
        costs a pass over the article's text, a query for a lone span)."""
        found = self.found(quote)
        return self.registry.resolve_in(quote, context()) if found.ambiguous else found

    def in_articles(self, articles: Iterable[tuple[int, str, int | None]]) -> ArticleSpanOutlets:
        """For spans of `articles`, (article id, text, the outlet detected for it) already in
        memory (a bulk import's batch): no query, each article's context computed once, and
        only if one of its spans holds an ambiguous name."""
        return ArticleSpanOutlets(self, {pk: (text or "", o) for pk, text, o in articles})

    @property
    def registry(self) -> Registry:
        if self._reg is None:
            self._reg = registry()
        return self._reg


class ArticleSpanOutlets:
    """`(article id, label key, quote) -> outlet id` for the spans of a batch of articles."""

    def __init__(self, outlets: SpanOutlets, articles: dict[int, tuple[str, int | None]]) -> None:
        self._outlets = outlets
        self._articles = articles
        self._contexts: dict[int, Context] = {}

    def __call__(self, article_id: int, label_key: str, quote: str) -> int | None:
        if label_key != OUTLET_LABEL:
            return None
        found = self._outlets.found_in(quote, lambda: self.context(article_id))
        return found.outlet.id if found.outlet else None

    def context(self, article_id: int) -> Context:
        if article_id not in self._contexts:
            text, outlet_id = self._articles.get(article_id, ("", None))  # deleted meanwhile
            self._contexts[article_id] = context_of(text, outlet_id, self._outlets.registry)
        return self._contexts[article_id]


def _longest_words(names: Iterable[str]) -> set[str]:
    """Each name's longest word, case-folded. named_in only finds a name in a quote whose
    case-folded text holds each of the name's words, so a quote holding none of these cannot
    name any of the names (whichever way the registry changed them)."""
    words = set()
    for name in names:
        parts = name.casefold().split()
        if parts:
            words.add(max(parts, key=len))
    return words


@transaction.atomic
def spans_detect_outlets(
    *,
    names: Iterable[str] | None = None,
    outlet_ids: Iterable[int] = (),
    reg: Registry | None = None,
    span_model: Any = Span,
    label_model: Any = Label,
) -> int:
    """Detect again the outlet each state-media-source span names, after the registry changed;
    spans whose outlet a person chose are left alone. Returns how many spans changed.

    `names`: the names and aliases the change added, removed or kept (old and new); only spans
    whose quotes could hold one of them, or that name one of `outlet_ids`, are looked up again.
    None: every span (the data migration, a registry replaced wholesale).

    One read of the state-media-source spans (id, quote, outlet), one `named_in` per distinct
    quote, then one UPDATE per new outlet and thousand spans that changed; rows that keep their
    outlet are not written. `span_model`/`label_model`: a migration's historical models.
    """
    label_ids = list(
        label_model.objects.filter(key=OUTLET_LABEL).values_list("id", flat=True).order_by()
    )
    if not label_ids:
        return 0
    words = None if names is None else _longest_words(names)
    named = set(outlet_ids)
    if words is not None and not words and not named:
        return 0
    find = SpanOutlets(reg)
    rows = (
        span_model.objects.filter(label_id__in=label_ids, outlet_by_hand=False)
        .order_by()
        .values_list("id", "quote", "outlet_id", "article_id")
    )
    # Read everything first, then write: SQLite gives no isolation between a read still going
    # and writes to the same table on the same connection.
    changes: dict[int | None, list[int]] = defaultdict(list)
    ambiguous: list[tuple[int, str, int | None, int]] = []
    for span_id, quote, current, article_id in rows.iterator(chunk_size=5000):
        if words is not None and current not in named:
            folded = quote.casefold()
            if not any(word in folded for word in words):
                continue
        result = find.found(quote)
        if result.ambiguous:
            ambiguous.append((span_id, quote, current, article_id))
            continue
        found = result.outlet.id if result.outlet else None
        if found != current:
            changes[found].append(span_id)
    # A name several outlets share is decided by its article, as when the span was written:
    # the articles read (text and detected outlet) a batch at a time, after the span rows.
    article_model = span_model._meta.get_field("article").related_model
    ambiguous.sort(key=lambda row: row[3])
    for i in range(0, len(ambiguous), CONTEXT_BATCH):
        batch = ambiguous[i : i + CONTEXT_BATCH]
        ids = {row[3] for row in batch}
        links = dict(
            ArticleOutlet.objects.filter(article_id__in=ids).values_list("article_id", "outlet_id")
        )
        texts = article_model.objects.filter(pk__in=ids).values_list("id", "text")
        outlet_of = find.in_articles((pk, text, links.get(pk)) for pk, text in texts)
        for span_id, quote, current, article_id in batch:
            found = outlet_of(article_id, OUTLET_LABEL, quote)
            if found != current:
                changes[found].append(span_id)
    changed = 0
    for found, span_ids in changes.items():
        for i in range(0, len(span_ids), UPDATE_BATCH):
            # The same conditions again: a span relabelled or set by hand meanwhile keeps its own.
            changed += span_model.objects.filter(
                id__in=span_ids[i : i + UPDATE_BATCH],
                label_id__in=label_ids,
                outlet_by_hand=False,
            ).update(outlet_id=found)
    return changed
