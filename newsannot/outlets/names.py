"""Names as articles write them: the variants of a registry name the registry also matches.

The matrix lists assets as "Print: Izvestia", "Russia-1 (Россия-1)", "Channel One Russia",
"Pervyy kanal"; articles write "Izvestia", "Rossiya 1", "Channel One", "Perviy Kanal". Each
registry name (an outlet's own, its aliases, a manager's aliases) is cleaned and expanded here,
once when the registry loads, so matching stays a dictionary look-up and one regex pass.

Variants never add a short or ordinary word: a generated variant has four characters or more,
is not a country ("Rossiya" alone is never VGTRK) and is not one of ORDINARY ("One", "Channel",
"First Channel" ...), so "One" in running text is never Channel One; a country suffix is dropped
only if what is left is not made of GENERIC words ("Radio Television Afghanistan" never becomes
"Radio Television"). Acronyms come only from what a name writes in brackets.
"""

from __future__ import annotations

import itertools
import re

# Asset-type prefixes in the matrix's "Main assets": "Print: Izvestia", "TV: Rossiya 24".
_PREFIX = re.compile(
    r"^(?:print(?: media)?|tv|television|radio|online|web|website|digital|newspapers?|magazine|"
    r"news agency|agency|news portals?|portal)\s*:\s*",
    re.I,
)
_BRACKETED = re.compile(r"\(([^()]{2,60})\)")
# Words a name cannot end with once its country suffix is gone ("Voice of Russia" stays whole).
_DANGLING = {
    "of",
    "de",
    "del",
    "di",
    "da",
    "do",
    "du",
    "des",
    "la",
    "le",
    "el",
    "the",
    "and",
    "for",
}

# Spellings of one word that articles use interchangeably, each set written as the registry
# might: transliterations of Russian (Rossiya/Russia, Pervyy/Perviy), numbers as words.
_SPELLINGS: list[tuple[str, ...]] = [
    ("Russia", "Rossiya", "Rossiia", "Rossija"),
    ("Pervyy", "Perviy", "Pervy", "Pervyi", "Pervij"),
    ("Izvestia", "Izvestiya"),
    ("Kanal", "kanal"),
    ("1", "One"),
    ("24", "Twenty-Four"),
]
_ALTERNATIVES = {word: group for group in _SPELLINGS for word in group}

# Variants that are ordinary English (or a bare brand word) in running text: never generated.
ORDINARY = {
    "one",
    "channel",
    "channel 1",
    "first",
    "first channel",
    "the first",
    "news",
    "today",
    "radio",
    "television",
    "tv",
    "print",
    "media",
    "russia",
    "russia one",
    "the one",
    "number one",
    "twenty-four",
}

_NUMBERED = re.compile(r"^(?!(?:channel|kanal|canal)\b)([A-Za-z]{4,})[- ](?:1|One)$", re.I)
MAX_VARIANTS = 24

_LANGUAGE_EDITION_PREP = {"español": "en", "français": "en", "deutsch": "auf", "italiano": "in"}
_LANGUAGE_EDITION = re.compile(r"^(\S.*) (Español|Français|Deutsch|Italiano)$", re.I)

# Words that say what kind of outlet a name is, not which: a stem made only of them names none.
GENERIC = {
    "radio", "television", "televisión", "télévision", "tv", "tele", "télé", "tele-radio",
    "channel", "news", "agency", "national", "broadcasting", "broadcast", "corporation",
    "company", "press", "daily", "network", "media", "public", "state", "service", "group",
    "the", "of", "and", "&", "new", "times", "post", "herald", "radiotelevision", "rtv",
}  # fmt: skip  # per name: the product of word spellings stays small


# Words that say a bracket describes an asset rather than names it: "(Indian edition)", "(English)".
_DESCRIBES = {
    "edition", "control", "by", "subsidiary", "project", "events", "version", "service",
    "english", "chinese", "french", "spanish", "japanese", "russian", "arabic", "korean",
    "german", "in",
}  # fmt: skip
_SMALL = {"of", "de", "del", "la", "el", "al", "on", "and", "&"}


def _is_alias(bracketed: str) -> bool:
    """ "(VGTRK)", "(Россия-1)", "(Renmin Ribao)", "(EiTB)" name the outlet; "(Indian edition)",
    "(English)" and a lone city ("(Chelyabinsk)") do not."""
    value = bracketed.strip()
    words = value.split()
    if not words or any(w.casefold() in _DESCRIBES for w in words):
        return False
    if value.upper() == value or any(ord(ch) > 0x2FF for ch in value):
        return True
    if len(words) == 1:  # a mixed-case acronym, "EiTB", "CyBC"
        return sum(ch.isupper() for ch in value) >= 2
    return all(w[:1].isupper() or w[:1].isdigit() or w in _SMALL for w in words)


def cleaned(name: str) -> list[str]:
    """A registry name without its prefix, and the names it carries in brackets:
    "Print: Izvestia" → Izvestia; "Russia-1 (Россия-1)" → "Russia-1", "Россия-1"."""
    name = " ".join((name or "").split()).strip("*").strip()
    name = _PREFIX.sub("", name, count=1).strip()
    if not name:
        return []
    found = [name]
    bare = " ".join(_BRACKETED.sub(" ", name).split()).strip("*").strip()
    if bare and bare != name:
        found.append(bare)
    found.extend(m.group(1).strip() for m in _BRACKETED.finditer(name) if _is_alias(m.group(1)))
    return found


def _spellings(name: str) -> list[str]:
    """The name with each word in each of its spellings, "Russia-1" → "Rossiya-1", "Russia 1",
    "Rossiya 1" ...; ё is also written е, and a hyphen before a number also a space."""
    base = [name]
    if "ё" in name or "Ё" in name:
        base.append(name.replace("ё", "е").replace("Ё", "Е"))
    spaced = re.sub(r"(?<=\w)-(?=\d)", " ", name)
    if spaced != name:
        base.append(spaced)
    out: list[str] = []
    for each in base:
        tokens = re.split(r"([\s-]+)", each)
        choices = [_ALTERNATIVES.get(t, (t,)) for t in tokens]
        for combo in itertools.islice(itertools.product(*choices), MAX_VARIANTS):
            out.append("".join(combo))
    return out


def _title(name: str) -> str:
    """ "Pervyy kanal" → "Pervyy Kanal": how English text capitalises a name."""
    words = name.split(" ")
    return " ".join(
        w[:1].upper() + w[1:] if i and w.islower() and w not in _DANGLING else w
        for i, w in enumerate(words)
    )


def variants(name: str, country: str = "", countries: frozenset[str] = frozenset()) -> list[str]:
    """Every way of writing `name` the registry matches, the cleaned name first."""
    found: list[str] = []

    def add(value: str, generated: bool) -> None:
        value = " ".join(value.split())
        if not value or value in found:
            return
        if generated and (
            len(value) < 4 or value.casefold() in ORDINARY or value.casefold() in countries
        ):
            return
        found.append(value)

    for clean in cleaned(name):
        # The name as given and its bracketed acronyms are kept as the registry always did.
        add(clean, generated=False)
        if "(" in clean:
            continue  # "Russia-1 (Россия-1)" itself: its parts are spelled out separately
        stems = [clean]
        if country and clean.endswith(" " + country):
            stem = clean.removesuffix(" " + country).rstrip(" ,-")
            words = [w.casefold() for w in stem.split()]
            # "Channel One Russia" is "Channel One"; "Radio Television Afghanistan" is not
            # "Radio Television", nor "Voice of Russia" "Voice of".
            if words and words[-1] not in _DANGLING and not set(words) <= GENERIC:
                stems.append(stem)
        # "RT Español" is written "RT en Español"; "CGTN Français" "CGTN en français".
        language = _LANGUAGE_EDITION.match(clean)
        if language:
            brand, word = language.groups()
            stems += [f"{brand} {_LANGUAGE_EDITION_PREP[word.casefold()]} {word}"]
        for stem in stems:
            for spelled in _spellings(stem):
                add(spelled, generated=True)
                add(_title(spelled), generated=True)
                # "Rossiya 1" is "the Rossiya channel" in English text; not "Russia channel".
                numbered = _NUMBERED.match(spelled)
                if numbered and numbered.group(1).casefold() not in countries:
                    for kind in ("channel", "Channel", "TV", "television"):
                        add(f"{numbered.group(1)} {kind}", generated=True)
    return found
