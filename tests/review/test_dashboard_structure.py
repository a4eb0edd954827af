"""Relation and attribute agreement on the dashboard: the numbers, the queries, the page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from newsannot.annotations.relations import relation_create
from newsannot.annotations.services import span_delete
from newsannot.corpus.services import article_create
from newsannot.review import selectors
from tests.conftest import client_for, quote_span

CLAIM = "the strikes hit only militant targets"
SAID = "Officials 🚀 said"


@pytest.fixture
def linked(project, article, analyst, analyst2):
    """Both analysts mark who said the claim; alice also links the claim to RT.

    alice: SAID (official-body, indirect) attributes CLAIM; CLAIM via-outlet "Source: RT".
    amir:  SAID (official-body, direct) attributes "strikes hit only militant targets" (the
           claim without its article: the ends overlap, the offsets differ).
    """
    said = quote_span(
        article,
        analyst,
        "attribution",
        SAID,
        attributes={"source_type": "official-body", "quote_type": "indirect"},
    )
    claim = quote_span(article, analyst, "unverified-claim", CLAIM)
    rt = quote_span(article, analyst, "state-media-source", "Source: RT")
    relation_create(
        article=article, type="attributes", from_span=said, to_span=claim, annotator=analyst
    )
    relation_create(
        article=article, type="via-outlet", from_span=claim, to_span=rt, annotator=analyst
    )
    said2 = quote_span(
        article,
        analyst2,
        "attribution",
        SAID,
        attributes={"source_type": "official-body", "quote_type": "direct"},
    )
    claim2 = quote_span(article, analyst2, "unverified-claim", CLAIM.removeprefix("the "))
    relation_create(
        article=article, type="attributes", from_span=said2, to_span=claim2, annotator=analyst2
    )
    return article


def test_relation_agreement_per_type_and_overall(project, linked):
    data = selectors.dashboard(project)
    rows = {row.type.key: row for row in data.relation_rows}
    # attributes: one each, the claim ends differ in offsets but overlap.
    assert (rows["attributes"].exact_f1, rows["attributes"].partial_f1) == (0.0, 1.0)
    # via-outlet: alice drew one, amir none.
    assert (rows["via-outlet"].exact_f1, rows["via-outlet"].partial_f1) == (0.0, 0.0)
    # Overall partial: amir's one matches (P = 1), one of alice's two is matched (R = 1/2).
    assert data.relation_overall.exact_f1 == 0.0
    assert data.relation_overall.partial_f1 == pytest.approx(2 / 3)
    assert (data.relation_overall.pairs, data.relation_overall.docs) == (1, 1)


def test_attribute_agreement_over_spans_with_the_same_label_and_offsets(project, linked):
    data = selectors.dashboard(project)
    rows = {row.attribute.key: row.scores for row in data.attribute_rows}
    # Both said official-body: one value only, so κ and α are undefined, not 1.
    assert (rows["source_type"].pairs, rows["source_type"].coders) == (1, 2)
    assert rows["source_type"].kappa is None and rows["source_type"].alpha is None
    # indirect against direct: p_o = 0, p_e = 0, κ = 0; α = 1 − 1 · 2 / 2 = 0.
    assert rows["quote_type"].kappa == 0.0
    assert rows["quote_type"].alpha == 0.0
    assert {row.label.key for row in data.attribute_rows} == {"attribution"}


def test_the_page_shows_both_tables_with_a_dash_where_undefined(project, linked, manager):
    response = client_for(manager).get(reverse("project-dashboard", args=[project.pk]))
    body = response.content.decode()
    relations = body[body.index('id="relation-agreement"') : body.index('id="attribute-agreement"')]
    cells = re.findall(r"<tr><td>(.*?)</td>\s*<td[^>]*>(.*?)</td><td[^>]*>(.*?)</td>", relations)
    assert ("Attributes", "0.00", "1.00") in cells
    assert ("Via outlet", "0.00", "0.00") in cells
    assert re.search(r"All types</td><td[^>]*>0.00</td>\s*<td[^>]*>0.67</td>", relations)
    attributes = body[body.index('id="attribute-agreement"') :]
    attributes = attributes[: attributes.index("</table>")]
    source = re.search(r"Source type</td>(.*?)</tr>", attributes, re.S)[1]
    assert re.findall(r">([^<]*)</td>", source) == ["—", "—", "1", "2"]
    quote = re.search(r"Quote type</td>(.*?)</tr>", attributes, re.S)[1]
    assert re.findall(r">([^<]*)</td>", quote) == ["0.00", "0.00", "1", "2"]


def test_the_selector_reads_relations_in_a_fixed_number_of_queries(
    project, linked, manager, analyst, analyst2, django_assert_num_queries
):
    with django_assert_num_queries(9) as small:
        selectors.dashboard(project)
    for i in range(5):
        extra = article_create(
            project=project,
            title=f"More {i}",
            text=f"Officials said {i}. Source: RT",
            created_by=manager,
        ).article
        for who in (analyst, analyst2):
            said = quote_span(
                extra, who, "attribution", "Officials said", attributes={"quote_type": "direct"}
            )
            rt = quote_span(extra, who, "state-media-source", "Source: RT")
            relation_create(
                article=extra, type="via-outlet", from_span=said, to_span=rt, annotator=who
            )
    with django_assert_num_queries(len(small.captured_queries)):
        data = selectors.dashboard(project)
    via = next(row for row in data.relation_rows if row.type.key == "via-outlet")
    assert via.exact_f1 == pytest.approx(10 / 11)  # alice 6, amir 5, 5 in common


def _agreement_cells(body: str) -> tuple[list[tuple[str, ...]], list[str]]:
    relations = body[body.index('id="relation-agreement"') : body.index('id="attribute-agreement"')]
    attributes = body[body.index('id="attribute-agreement"') :]
    attributes = attributes[: attributes.index("</table>")]
    return (
        re.findall(
            r"<tr[^>]*><td>([^<]*(?:<span[^>]*>[^<]*</span>)?)</td>\s*<td[^>]*>(.*?)</td>\s*<td[^>]*>(.*?)</td>",
            relations,
        ),
        re.findall(r">([^<]*)</td>", re.search(r"Quote type</td>(.*?)</tr>", attributes, re.S)[1]),
    )


def test_one_analyst_deleted_ends_and_a_retired_type_show_dashes_not_a_crash(
    project, article, analyst, analyst2, manager
):
    said = quote_span(article, analyst, "attribution", SAID, attributes={"quote_type": "direct"})
    claim = quote_span(article, analyst, "unverified-claim", CLAIM)
    relation_create(
        article=article, type="attributes", from_span=said, to_span=claim, annotator=analyst
    )
    client = client_for(manager)
    url = reverse("project-dashboard", args=[project.pk])

    # One analyst: nobody to agree with.
    response = client.get(url)
    assert response.status_code == 200
    relations, attributes = _agreement_cells(response.content.decode())
    assert ("Attributes", "—", "—") in relations and ("All types", "—", "—") in relations
    assert attributes == ["—", "—", "0", "0"]  # κ, α, pairs of values, analysts

    # A second analyst's relation whose end is then deleted (the relation goes with it), and
    # the type retired, renamed by a hostile manager.
    said2 = quote_span(article, analyst2, "attribution", SAID, attributes={"quote_type": "direct"})
    claim2 = quote_span(article, analyst2, "unverified-claim", CLAIM)
    relation_create(
        article=article, type="attributes", from_span=said2, to_span=claim2, annotator=analyst2
    )
    span_delete(span=claim2, actor=analyst2)
    project.relation_types.filter(key="attributes").update(retired=True, name="<b>Old</b>")
    response = client.get(url)
    assert response.status_code == 200
    relations, attributes = _agreement_cells(response.content.decode())
    # amir annotated the article but has no relation left: alice's one finds no match.
    old = '&lt;b&gt;Old&lt;/b&gt; <span class="muted">(retired)</span>'
    assert (old, "0.00", "0.00") in relations and ("All types", "0.00", "0.00") in relations
    # Both said "direct": one value only, κ and α undefined, over one pair of two analysts.
    assert attributes == ["—", "—", "1", "2"]
