"""The outlet registry in memory: names, aliases and domains, and finding outlets named in text.

Loaded once and reused until the registry changes (one aggregate query tells us); some 600
outlets and 1,400 names fit easily, and matching runs in Python without a query per name.

Matching names in running text is where blind string search goes wrong, so the rules are:
- every name is matched case-sensitively, on word boundaries (no letter, digit, "@", "#", "-" or
  "_" either side), so "rt" in "art" or "Rt" never match "RT";
- an all-caps name of three letters or fewer ("RT", "DW", "NTV") is not matched when followed by
  " @" (a retweet, "RT @user") or in a handle or hashtag; a two-character one ("RT", "DW")
  also needs a newsroom context next to it: "Source:", "via", "told", "according to", "by",
  "from", "on" before it, or "reported", "said", "channel", "TV", "'s" ... after it;
- short names that are also ordinary capitalised words are ignored (see COMMON_WORDS);
- every name is matched also as articles write it: cleaned and spelled out in outlets/names.py
  ("Print: Izvestia" is "Izvestia", "Russia-1 (Россия-1)" is also "Rossiya 1" and "Россия-1");
- a name several outlets share ("NTV": Russia, Nepal, Turkey) is never given to one of them
  silently: the best-ranked claim wins (an outlet's own name, then a name as given, then a
  generated variant); a tie is resolved from a Context (the article's outlet and country, the
  outlets it names without doubt) or left undecided with its candidates (Found).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection

from newsannot.outlets.models import CONTROLLED, Outlet, OutletAlias, OutletDomain, Typology
from newsannot.outlets.names import cleaned, variants

_BEFORE_CONTEXT = re.compile(
    r"(?:source:|sources:|via|told|according to|by|from|on|to|with|quoted|cited)\s*$", re.I
)
_AFTER_CONTEXT = re.compile(
    r"^(?:['’]s\b|\s+(?:reported|reports|said|says|quoted|cited|channel|tv|television|news|"
    r"correspondent|journalist|broadcast|aired|wrote|claimed))",
    re.I,
)
_RETWEET = re.compile(r"^\s*@")
_LEAD = re.compile(r"^\s*(?:sources?\s*:|via\s*:?)\s*", re.I)
# Separators of a list of names. Not wrapped in \s*: a pattern that starts with \s* rescans a run
# of spaces from each of its characters (96 s for 40,000 spaces); _clean() strips the parts.
PARTS = re.compile(r",|/|;|\band\b")
_EDGES = "\"'“”‘’«»()[]{}.,;:!?"


def _clean(word: str) -> str:
    return _clean_word(" ".join(word.split()))


def _clean_word(word: str) -> str:
    """_clean for a word with no whitespace in it (a word of str.split())."""
    return word.strip(_EDGES).removesuffix("'s").removesuffix("’s").strip(_EDGES)


# All-caps acronyms in the registry that are also everyday words or abbreviations in English news.
COMMON_WORDS = {
    "AIR",
    "MAP",
    "FAN",
    "NAN",
    "TAP",
    "PIA",
    "ONE",
    "STAR",
    "NEWS",
    "TV",
    "HR",
    "DR",
    "MR",
    "LR",
    "BB",
    "MIR",
    "NPA",
    "ACN",
    "ABC",
    "CNA",
    "IOL",
    "IDC",
}


@dataclass(frozen=True)
class OutletInfo:
    id: int
    name: str
    country: str
    typology: str
    aliases: tuple[str, ...]

    @property
    def typology_label(self) -> str:
        return Typology(self.typology).label

    @property
    def is_controlled(self) -> bool:
        return self.typology in CONTROLLED


@dataclass(frozen=True)
class Found:
    """What a name resolves to: one outlet, or, for a name several outlets share that the
    context did not decide ("NTV": Russia, Nepal, Turkey), none and the candidates."""

    outlet: OutletInfo | None
    candidates: tuple[OutletInfo, ...] = ()

    @property
    def ambiguous(self) -> bool:
        return self.outlet is None and len(self.candidates) > 1


NOT_FOUND = Found(None)


@dataclass(frozen=True)
class Context:
    """What decides an ambiguous name: the outlets an article comes from or names without
    doubt (first), then the article's outlet's country, then the countries of the outlets it
    names."""

    outlet_ids: frozenset[int] = frozenset()
    country: str = ""
    countries: frozenset[str] = frozenset()

    def decide(self, candidates: tuple[OutletInfo, ...]) -> Found:
        if len(candidates) == 1:
            return Found(candidates[0], candidates)
        if not candidates:
            return NOT_FOUND
        for keep in (
            lambda c: c.id in self.outlet_ids,
            lambda c: bool(self.country) and c.country == self.country,
            lambda c: c.country in self.countries,
        ):
            chosen = [c for c in candidates if keep(c)]
            if len(chosen) == 1:
                return Found(chosen[0], candidates)
        return Found(None, candidates)

    def knowing(self, found: Iterable[OutletInfo]) -> Context:
        found = list(found)
        return Context(
            outlet_ids=self.outlet_ids | {f.id for f in found},
            country=self.country,
            countries=self.countries | {f.country for f in found if f.country},
        )


NO_CONTEXT = Context()


@dataclass(frozen=True)
class Mention:
    outlet: OutletInfo | None
    start: int
    end: int
    text: str
    candidates: tuple[OutletInfo, ...] = ()


# How a name belongs to an outlet; the best rank decides who a name is, and a tie is ambiguous:
# its own name beats another's alias (Sputnik), a name as given beats a generated variant.
OWN, GIVEN, VARIANT = 0, 1, 2


@dataclass
class Registry:
    outlets: dict[int, OutletInfo]
    domains: dict[str, int]
    key: tuple = ()
    _names: dict[str, dict[int, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        countries = frozenset(i.country.casefold() for i in self.outlets.values() if i.country)
        for info in self.outlets.values():
            for rank, raw in ((OWN, info.name), *((GIVEN, a) for a in info.aliases)):
                given = cleaned(raw)
                for name in variants(raw, info.country, countries):
                    # The parts of an outlet's own name ("CCTV" of "China Central Television
                    # (CCTV)") are its own name too.
                    r = rank if name == raw or name in given else VARIANT
                    ranks = self._names.setdefault(name, {})
                    ranks[info.id] = min(r, ranks.get(info.id, VARIANT))

    def _best(self, ranks: dict[int, int]) -> tuple[OutletInfo, ...]:
        top = min(ranks.values())
        return tuple(self.outlets[i] for i in sorted(ranks) if ranks[i] == top)

    def by_domain(self, domain: str) -> OutletInfo | None:
        outlet_id = self.domains.get(domain)
        return self.outlets.get(outlet_id) if outlet_id else None

    def by_name(self, name: str) -> OutletInfo | None:
        """Exact name or alias, ignoring case and spacing; None if several outlets share it."""
        return self.resolve(name).outlet

    def resolve(self, name: str, context: Context = NO_CONTEXT) -> Found:
        """A name, ignoring case and spacing: its outlet, or its candidates (resolve them
        with `context`)."""
        wanted = " ".join((name or "").split())
        if not wanted:
            return NOT_FOUND
        hit = self._exact.get(wanted) or self._by_fold.get(wanted.casefold())
        return context.decide(hit) if hit else NOT_FOUND

    @cached_property
    def _by_fold(self) -> dict[str, tuple[OutletInfo, ...]]:
        merged: dict[str, dict[int, int]] = {}
        for text, ranks in self._names.items():
            key = text.casefold()
            into = merged.setdefault(key, {})
            for i, r in ranks.items():
                into[i] = min(r, into.get(i, VARIANT))
        return {key: self._best(ranks) for key, ranks in merged.items()}

    @cached_property
    def _exact(self) -> dict[str, tuple[OutletInfo, ...]]:
        """Name or alias as written → the outlets it names (one unless ambiguous)."""
        return {name: self._best(ranks) for name, ranks in self._names.items()}

    @cached_property
    def _folded(self) -> dict[str, tuple[OutletInfo, ...]]:
        """The same for names of four characters or more, ignoring case: "russia today"."""
        return {k: v for k, v in self._by_fold.items() if len(k) >= 4}

    @cached_property
    def _first_words(self) -> tuple[frozenset[str], frozenset[str]]:
        """The first words of every name, as written and case-folded: a run of a quote's words
        that starts with none of them cannot be a name, so named_in skips it."""
        return (
            frozenset(name.split(" ", 1)[0] for name in self._exact),
            frozenset(name.split(" ", 1)[0] for name in self._folded),
        )

    def named_in(self, quote: str) -> OutletInfo | None:
        """The first outlet a short quote names ("Source: RT", "told Russia Today's reporter");
        None if the name it holds is ambiguous (see resolve_in)."""
        return self.resolve_in(quote).outlet

    def resolve_in(self, quote: str, context: Context = NO_CONTEXT) -> Found:
        """The first name a short quote holds, resolved with `context`.

        For per-span use in exports: dictionary look-ups of the quote's word runs, longest run
        first at each word, never a scan of the registry. A short all-caps or ordinary word
        ("RT", "ONE") counts only as the whole of the quote or of a "Source:" line's value.
        """
        body = _LEAD.sub("", quote or "", count=1)
        whole = _clean(body)
        if whole:
            hit = self._exact.get(whole) or self._folded.get(whole.casefold())
            if hit is not None:
                return context.decide(hit)
        for part in PARTS.split(body):
            part = _clean(part)
            hit = self._exact.get(part) if part else None
            if hit is not None:
                return context.decide(hit)
            words = [_clean_word(w) for w in part.split()]
            for i in self._run_starts(words):
                for n in range(min(len(words) - i, 6), 0, -1):
                    name = " ".join(w for w in words[i : i + n] if w)
                    if not name or (n == 1 and (len(name) <= 3 or name in COMMON_WORDS)):
                        continue
                    hit = self._exact.get(name) or (
                        self._folded.get(name.casefold()) if len(name) >= 4 else None
                    )
                    if hit is not None:
                        return context.decide(hit)
        return NOT_FOUND

    def _run_starts(self, words: list[str]) -> list[int]:
        """The positions where a run of up to six words could be a name: every run from i
        starts with the first non-empty word from i on, and that word must begin some name."""
        firsts, folded_firsts = self._first_words
        starts = []
        following = -1  # the first non-empty word at or after i
        begins = False  # whether that word begins a name
        for i in range(len(words) - 1, -1, -1):
            word = words[i]
            if word:
                following = i
                begins = word in firsts or word.casefold() in folded_firsts
            if begins and following - i < 6:
                starts.append(i)
        starts.reverse()
        return starts

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        names = [n for n in self._names if len(n) >= 2 and n not in COMMON_WORDS]
        return re.compile(rf"(?<![\w@#\-.]){_trie(names)}(?![\w@#\-]|\.\w)")

    def mentions(
        self, text: str, context: Context = NO_CONTEXT, *, ambiguous: bool = False
    ) -> list[Mention]:
        """The registry names in `text`. A name several outlets share is resolved by `context`
        and by the outlets the text itself names without doubt; one still undecided is left
        out, or with `ambiguous`, kept with outlet None and its candidates."""
        hits = []
        for match in self._pattern.finditer(text):
            name = match.group(0)
            if not self._plausible(text, match.start(), match.end(), name):
                continue
            candidates = self._exact.get(name) or self._by_fold.get(name.casefold())
            if candidates:
                hits.append((match.start(), match.end(), name, candidates))
        context = context.knowing(c[0] for *_, c in hits if len(c) == 1)
        found = []
        for start, end, name, candidates in hits:
            decided = context.decide(candidates)
            if decided.outlet is not None or ambiguous:
                found.append(Mention(decided.outlet, start, end, name, decided.candidates))
        return found

    @staticmethod
    def _plausible(text: str, start: int, end: int, name: str) -> bool:
        if not (name.isupper() and len(name) <= 3):
            return True
        after = text[end : end + 40]
        if _RETWEET.match(after):
            return False
        if len(name) > 2:
            return True
        before = text[max(0, start - 30) : start]
        return bool(_BEFORE_CONTEXT.search(before) or _AFTER_CONTEXT.match(after))


def _trie(names: Iterable[str]) -> str:
    """One pattern for many names, shaped as a tree of their characters ("R(?:T|ussia Today)").

    An alternation of 2,000 names made the regex engine try each of them at every character of
    an article (0.7 s for 200 KB); the tree tries only the names that begin with the characters
    it has seen. Equivalent to the names sorted longest first: the names that match at one place
    are prefixes of one another, and a greedy optional group tries the longer one first."""
    root: dict = {}
    for name in names:
        node = root
        for ch in name:
            node = node.setdefault(ch, {})
        node[""] = {}  # a name ends here

    def pattern(node: dict) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(root) if root else "(?!)"


_cache: dict[str, Registry] = {}


def _current_key() -> tuple:
    """What changes when the registry does, in one cheap query (every export and page asks):
    outlets counted and their latest change, domains counted apart (no join, no DISTINCT), and
    the aliases managers added counted with their latest id (one removed and one added)."""
    outlet, domain, alias = (
        connection.ops.quote_name(m._meta.db_table) for m in (Outlet, OutletDomain, OutletAlias)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), MAX(updated_at), (SELECT COUNT(*) FROM {domain}),"
            f" (SELECT COUNT(*) FROM {alias}), (SELECT MAX(id) FROM {alias}) FROM {outlet}"
        )
        return tuple(cursor.fetchone())


def registry() -> Registry:
    key = _current_key()
    cached = _cache.get("registry")
    if cached is not None and cached.key == key:
        return cached
    added: dict[int, list[str]] = {}
    for outlet_id, alias in OutletAlias.objects.order_by("id").values_list("outlet_id", "alias"):
        added.setdefault(outlet_id, []).append(alias)
    rows = []
    for row in Outlet.objects.values("id", "name", "country", "typology", "aliases"):
        row["aliases"] = [*(row["aliases"] or ()), *added.get(row["id"], ())]
        rows.append(row)
    fresh = from_rows(rows, OutletDomain.objects.values_list("domain", "outlet_id"), key=key)
    _cache["registry"] = fresh
    return fresh


def from_rows(
    outlets: Iterable[dict], domains: Iterable[tuple[str, int]] = (), *, key: tuple = ()
) -> Registry:
    """A registry from outlet rows (id, name, country, typology, aliases) and (domain, outlet
    id) pairs: also what a data migration builds from its historical models."""
    return Registry(
        outlets={
            row["id"]: OutletInfo(
                id=row["id"],
                name=row["name"],
                country=row["country"],
                typology=row["typology"],
                aliases=tuple(row["aliases"] or ()),
            )
            for row in outlets
        },
        domains=dict(domains),
        key=key,
    )
