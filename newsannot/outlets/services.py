"""Writes to the outlet registry (forms, admin-like pages, CSV import) and outlet detection."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import transaction

from newsannot.corpus.models import Article
from newsannot.lib.errors import Conflict, Invalid
from newsannot.lib.spreadsheet import escape_cell, unescape_cell
from newsannot.outlets.domains import registrable_domain
from newsannot.outlets.models import ArticleOutlet, How, Outlet, OutletDomain, Typology
from newsannot.outlets.registry import OutletInfo, Registry, registry

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
    """Create an outlet, or change one; its domains are replaced by `domains`."""
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
    for line, raw in enumerate(reader, start=2):
        # Undo the export's formula escaping; csv gives None for a short row's missing cells.
        row = {key: unescape_cell(value or "") for key, value in raw.items()}
        name = " ".join((row.get("name") or "").split())
        country = " ".join((row.get("country") or "").split())
        existing = Outlet.objects.filter(name=name, country=country).first()
        try:
            outlet_save(
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
        if existing is None:
            result.created += 1
        else:
            result.updated += 1
    return result


# --- Detection -----------------------------------------------------------------------------

_SOURCE_LINE = re.compile(
    # At the start of a line, or closing a paragraph: "... disagreed. Source: RT"
    r"(?:^[ \t]*|(?<=[.!?] ))(?:sources?|via)[ \t]*:[ \t]*(?P<name>[^\n]+?)[ \t.]*$",
    re.I | re.M,
)
# "via" first, its word boundary checked behind it: a pattern that starts with a literal is
# found by a fast scan; one that starts with \b is tried at every position (20 times slower).
_VIA = re.compile(r"via(?<=\bvia)[ \t]+(?P<name>[^\n,.;:()]{2,60})")


def _source_line_names(text: str) -> Iterator[str]:
    """The names in "Source: X" lines. Only lines with a colon can hold one, and few do: running
    the (case-insensitive, so slow) pattern over those alone is what keeps imports quick."""
    for line in text.split("\n"):
        if ":" in line:
            for match in _SOURCE_LINE.finditer(line):
                yield match.group("name")


def detect_outlet(
    *, url: str, text: str, outlet_name: str = "", reg: Registry | None = None
) -> tuple[OutletInfo, str] | None:
    """The outlet an article comes from, and how we know: its URL, a "Source:" line, its name."""
    reg = reg or registry()
    info = reg.by_domain(registrable_domain(url))
    if info is not None:
        return info, How.DOMAIN
    for name in _source_line_names(text):
        for part in re.split(r"\s*(?:,|/|;|\band\b)\s*", name):
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
