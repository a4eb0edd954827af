"""The "All annotators" view coloured by analyst: each analyst one colour, named in a legend."""

from __future__ import annotations

import html
import json
import re

from newsannot.workspace.views import ANALYST_PALETTE
from tests.conftest import client_for, quote_span


def test_all_annotators_can_be_coloured_by_analyst_with_names_in_the_legend(
    reviewer, analyst, analyst2, article
):
    quote_span(article, analyst, "unverified-claim", "the strikes hit only militant targets")
    quote_span(article, analyst2, "unverified-claim", "the claims were false")
    client = client_for(reviewer)
    by_label = client.get(f"/a/{article.pk}/?who=all").content.decode()
    assert "Coloured by analyst" not in by_label and ANALYST_PALETTE[0] not in by_label
    page = client.get(f"/a/{article.pk}/?who=all&colour=analyst").content.decode()
    # Same label, two analysts: two colours, in name order (alice, then amir).
    assert "Coloured by analyst" in page
    assert f'background: {ANALYST_PALETTE[0]}" aria-hidden="true">a</span> alice' in page
    assert f'background: {ANALYST_PALETTE[1]}" aria-hidden="true">a</span> amir' in page
    # Highlights' tooltips come from the page's map of highlight classes to names.
    maps = re.findall(r"data-labels='([^']*)'", page)
    names = {n for m in maps for n in json.loads(html.unescape(m)).values()}
    assert "Unverified claim · amir" in names
    # Kept for the next page (and the swaps after a write), until switched back.
    assert "Coloured by analyst" in client.get(f"/a/{article.pk}/?who=all").content.decode()
    back = client.get(f"/a/{article.pk}/?who=all&colour=label").content.decode()
    assert "Coloured by analyst" not in back


def test_an_analyst_on_their_own_spans_is_never_coloured_by_analyst(analyst, article, span):
    page = client_for(analyst).get(f"/a/{article.pk}/?colour=analyst").content.decode()
    assert "Coloured by analyst" not in page and "Colour by analyst" not in page
