"""Registrable domains ("rt.com" for https://francais.rt.com/x), from tldextract's bundled list.

tldextract would otherwise fetch the Public Suffix List over the network and cache it on disk:
we construct it with no URLs and no cache so it only ever uses the snapshot it ships with.
"""

from __future__ import annotations

from functools import cache

import tldextract


@cache
def _extractor() -> tldextract.TLDExtract:
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registrable_domain(url_or_host: str) -> str:
    """The bare registrable domain, lower-case, or "" when there is none (IPs, junk, blanks)."""
    value = (url_or_host or "").strip().lower()
    if not value:
        return ""
    result = _extractor()(value)
    if not result.domain or not result.suffix:
        return ""
    return f"{result.domain}.{result.suffix}"
