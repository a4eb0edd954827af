"""Read the State Media Matrix CSV (MIT, ASD-at-GMF) into merged outlet records. No Django here.

One row of the matrix is one *asset* (a channel, a site, a language edition) of a media company.
We merge rows with the same Media company and Country into one outlet: the company is the
outlet's name, its assets become aliases (with any acronym in brackets, e.g. "(VGTRK)"), and the
registrable domains of every row's URL become its domains.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from newsannot.outlets.domains import registrable_domain

MATRIX_PATH = Path(__file__).resolve().parent / "data" / "State_Media_Matrix.csv"
SOURCE = "State Media Matrix (ASD-at-GMF, MIT licence)"

TYPOLOGY_CODES = {"SC", "CaPu", "CaPr", "ISFM", "ISF", "ISM", "IP"}
# The order we prefer when a company's assets are typed differently: the most state control first.
TYPOLOGY_ORDER = ["SC", "CaPu", "CaPr", "ISFM", "ISF", "ISM", "IP", ""]

# Names everyone uses that the matrix does not list (its "Main assets" are brand names).
EXTRA_ALIASES: dict[tuple[str, str], list[str]] = {
    ("RT", "Russia"): ["Russia Today", "RT News"],
    ("Rossiya Segodnya", "Russia"): ["Sputnik"],
}

_BRACKETED = re.compile(r"\(([^()]{2,40})\)")


@dataclass
class OutletRecord:
    name: str
    country: str
    typology: str = ""
    aliases: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def typology_code(raw: str) -> tuple[str, str]:
    """The code for a matrix typology, and a note if it was uncertain ("ISFM?") or unknown."""
    value = (raw or "").strip()
    if value in TYPOLOGY_CODES:
        return value, ""
    if value.rstrip("?") in TYPOLOGY_CODES:
        return value.rstrip("?"), f"Typology marked uncertain in the source ({value})."
    return "", f"Unknown typology {value!r} in the source." if value else ""


def names_in(text: str) -> list[str]:
    """A name and the acronyms it carries in brackets: "Radio Television of Serbia (RTS)"."""
    text = " ".join((text or "").split()).rstrip("*").strip()
    if not text:
        return []
    names = [text]
    bare = _BRACKETED.sub("", text).strip().rstrip("*").strip()
    if bare and bare != text:
        names.append(bare)
    names.extend(m.group(1).strip() for m in _BRACKETED.finditer(text) if _is_alias(m.group(1)))
    return names


def _is_alias(bracketed: str) -> bool:
    """ "(VGTRK)" and "(Россия-1)" name the outlet; "(Indian edition)" does not."""
    value = bracketed.strip()
    if "edition" in value.lower():
        return False
    return value.upper() == value or any(ord(ch) > 0x24F for ch in value)


def _add(items: list[str], *values: str) -> None:
    for value in values:
        if value and value not in items:
            items.append(value)


def read_matrix(path: Path = MATRIX_PATH) -> list[OutletRecord]:
    merged: dict[tuple[str, str], OutletRecord] = {}
    typologies: dict[tuple[str, str], Counter[str]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            company = " ".join((row.get("Media company") or "").split())
            asset = " ".join((row.get("Main assets") or "").split())
            country = " ".join((row.get("Country") or "").split())
            name = company or asset
            if not name:
                continue
            # "Rossiya Segodnya" and "Rossiya Segodnya (Russia Today)" are one company.
            key = (_BRACKETED.sub("", name).rstrip("*").strip().casefold(), country)
            record = merged.get(key)
            if record is None:
                record = merged[key] = OutletRecord(name=name.rstrip("*").strip(), country=country)
                typologies[key] = Counter()
            _add(record.aliases, *names_in(company)[1:], *names_in(asset))
            code, note = typology_code(row.get("Typology", ""))
            typologies[key][code] += 1
            _add(record.notes, note)
            # "Merged from Hamilton/Project" is the matrix's own bookkeeping; other notes we keep.
            for extra in (row.get("Notes") or "", row.get("Status") or ""):
                if extra.strip() and "merged from" not in extra.lower():
                    _add(record.notes, f"{asset or name}: {extra.strip()}.")
            _add(record.domains, registrable_domain(row.get("URL") or ""))
    extra = {alias for aliases in EXTRA_ALIASES.values() for alias in aliases}
    for key, record in merged.items():
        mine = EXTRA_ALIASES.get((record.name, record.country), [])
        # An extra alias is what people mean by it: it leaves the other outlets that list it.
        record.aliases = [a for a in record.aliases if a not in extra or a in mine]
        _add(record.aliases, *mine)
        record.aliases = [a for a in record.aliases if a != record.name]
        counts = typologies[key]
        best = max(counts.values())
        record.typology = next(c for c in TYPOLOGY_ORDER if counts.get(c) == best)
        if len(counts) > 1:
            others = ", ".join(sorted(c or "none" for c in counts if c != record.typology))
            _add(record.notes, f"Some assets are typed differently in the source: {others}.")
    return list(merged.values())
