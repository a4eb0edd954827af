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
- short names that are also ordinary capitalised words are ignored (see COMMON_WORDS).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection

from newsannot.outlets.models import CONTROLLED, Outlet, OutletDomain, Typology

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
class Mention:
    outlet: OutletInfo
    start: int
    end: int
    text: str


@dataclass
class Registry:
    outlets: dict[int, OutletInfo]
    domains: dict[str, int]
    key: tuple = ()
    _names: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for info in self.outlets.values():
            for name in (info.name, *info.aliases):
                self._names.setdefault(name, [])
                if info.id not in self._names[name]:
                    self._names[name].append(info.id)

    def by_domain(self, domain: str) -> OutletInfo | None:
        outlet_id = self.domains.get(domain)
        return self.outlets.get(outlet_id) if outlet_id else None

    def by_name(self, name: str) -> OutletInfo | None:
        """Exact name or alias, ignoring case and spacing; an outlet's own name wins ties."""
        wanted = " ".join(name.split()).casefold()
        return self._by_fold.get(wanted) if wanted else None

    @cached_property
    def _by_fold(self) -> dict[str, OutletInfo]:
        best: dict[str, tuple[bool, int]] = {}
        for text, ids in self._names.items():
            key = " ".join(text.split()).casefold()
            for i in ids:
                rank = (self.outlets[i].name.casefold() != key, i)
                if key not in best or rank < best[key]:
                    best[key] = rank
        return {key: self.outlets[i] for key, (_, i) in best.items()}

    @cached_property
    def _exact(self) -> dict[str, OutletInfo]:
        """Name or alias, as written → outlet; an outlet's own name wins over another's alias."""
        index: dict[str, OutletInfo] = {}
        for info in sorted(self.outlets.values(), key=lambda i: i.id):
            for name in info.aliases:
                index.setdefault(name, info)
        for info in sorted(self.outlets.values(), key=lambda i: i.id, reverse=True):
            index[info.name] = info
        return index

    @cached_property
    def _folded(self) -> dict[str, OutletInfo]:
        """The same for names of four characters or more, ignoring case: "russia today"."""
        index: dict[str, OutletInfo] = {}
        for name, info in self._exact.items():
            if len(name) >= 4:
                key = name.casefold()
                if key not in index or info.name == name:
                    index[key] = info
        return index

    @cached_property
    def _first_words(self) -> tuple[frozenset[str], frozenset[str]]:
        """The first words of every name, as written and case-folded: a run of a quote's words
        that starts with none of them cannot be a name, so named_in skips it."""
        return (
            frozenset(name.split(" ", 1)[0] for name in self._exact),
            frozenset(name.split(" ", 1)[0] for name in self._folded),
        )

    def named_in(self, quote: str) -> OutletInfo | None:
        """The first outlet a short quote names ("Source: RT", "told Russia Today's reporter").

        For per-span use in exports: dictionary look-ups of the quote's word runs, longest run
        first at each word, never a scan of the registry. A short all-caps or ordinary word
        ("RT", "ONE") counts only as the whole of the quote or of a "Source:" line's value.
        """
        body = _LEAD.sub("", quote or "", count=1)
        whole = _clean(body)
        if whole:
            hit = self._exact.get(whole) or self._folded.get(whole.casefold())
            if hit is not None:
                return hit
        for part in PARTS.split(body):
            part = _clean(part)
            hit = self._exact.get(part) if part else None
            if hit is not None:
                return hit
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
                        return hit
        return None

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

    def mentions(self, text: str) -> list[Mention]:
        found = []
        for match in self._pattern.finditer(text):
            name = match.group(0)
            if not self._plausible(text, match.start(), match.end(), name):
                continue
            info = self.by_name(name)
            if info is not None:
                found.append(Mention(info, match.start(), match.end(), name))
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
    outlets counted and their latest change, domains counted apart (no join, no DISTINCT)."""
    outlet, domain = (connection.ops.quote_name(m._meta.db_table) for m in (Outlet, OutletDomain))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), MAX(updated_at), (SELECT COUNT(*) FROM {domain}) FROM {outlet}"
        )
        n, at, d = cursor.fetchone()
    return (n, at, d)


def registry() -> Registry:
    key = _current_key()
    cached = _cache.get("registry")
    if cached is not None and cached.key == key:
        return cached
    fresh = from_rows(
        Outlet.objects.values("id", "name", "country", "typology", "aliases"),
        OutletDomain.objects.values_list("domain", "outlet_id"),
        key=key,
    )
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
