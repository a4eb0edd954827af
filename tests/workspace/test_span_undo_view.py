"""The annotate view's Undo: a notice after each change names it; undoing answers in place."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from newsannot.annotations.models import Span, SpanHistory
from newsannot.annotations.services import span_update
from newsannot.corpus.services import article_create
from tests.conftest import client_for, quote_span, undo_id_in

pytestmark = pytest.mark.django_db


def test_saving_a_span_says_created_with_an_undo_that_deletes_it(analyst, article):
    client = client_for(analyst)
    quote = "said the strikes"
    start = article.text.index(quote)
    data = {"label": "attribution", "start": start, "end": start + len(quote), "quote": quote}
    html = client.post(
        reverse("span-add", args=[article.pk]), data, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Created Attribution “said the strikes”" in html
    response = client.post(
        reverse("span-undo", args=[article.pk]),
        {"history": undo_id_in(html), "mode": "undo"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    # The undo names the change it took back, in the words of that change's own notice.
    assert "Undone: created Attribution “said the strikes”" in response.content.decode()
    assert ">Redo</button>" in response.content.decode()
    assert not Span.objects.exists()


def test_undo_after_someone_elses_change_is_a_409_with_their_name(span, analyst, manager):
    row = SpanHistory.objects.get(span_id=span.pk)
    span_update(span=Span.objects.get(pk=span.pk), actor=manager, note="mine")
    response = client_for(analyst).post(
        reverse("span-undo", args=[span.article_id]), {"history": row.pk}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 409
    assert "changed by mona" in response.content.decode()
    assert Span.objects.get(pk=span.pk).note == "mine"


def test_a_refused_undo_empties_the_notice_of_the_change_before(span, analyst, manager):
    """The notice said "Undone … Redo" (or "Created … Undo"); after a refusal only the error
    is left, not a success under it."""
    row = SpanHistory.objects.get(span_id=span.pk)
    span_update(span=Span.objects.get(pk=span.pk), actor=manager, note="mine")
    response = client_for(analyst).post(
        reverse("span-undo", args=[span.article_id]), {"history": row.pk}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert response["HX-Retarget"] == "#flash"
    notice = re.search(r'<div id="notice"[^>]*>(.*?)</div>', html)
    assert notice, "the answer carries no notice to replace the old one"
    assert 'hx-swap-oob="innerHTML"' in notice.group(0)
    assert notice.group(1) == ""


def test_undoing_a_change_of_another_article_or_nonsense_is_a_400(span, analyst):
    client = client_for(analyst)
    url = reverse("span-undo", args=[span.article_id])
    assert client.post(url, {"history": "x"}, HTTP_HX_REQUEST="true").status_code == 400
    assert client.post(url, {"history": 999999}, HTTP_HX_REQUEST="true").status_code == 400


def test_moving_a_boundary_from_the_page_takes_the_quote_from_the_stored_text(span, analyst):
    response = client_for(analyst).post(
        reverse("span-edit", args=[span.article_id, span.pk]),
        {"start": span.start + 4, "end": span.end, "version": 1},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    span.refresh_from_db()
    assert (span.quote, span.version) == ("strikes hit only militant targets", 2)
    assert "Changed Unverified claim “strikes hit only militant targets”" in (
        response.content.decode()
    )


def move(span, analyst, start: int, end: int):
    """A boundary key from the page: the bounds form sends offsets and the version."""
    response = client_for(analyst).post(
        reverse("span-edit", args=[span.article_id, span.pk]),
        {"start": start, "end": end, "version": span.version},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200, response.content.decode()[:300]
    span.refresh_from_db()
    return response.content.decode()


def test_a_boundary_moved_out_onto_a_space_goes_on_to_the_next_character(span, analyst):
    # Alt+Shift+Left from "the strikes…": one step onto the space before it.
    html = move(span, analyst, span.start - 1, span.end)
    assert span.quote == "d the strikes hit only militant targets"
    assert "Changed Unverified claim “d the strikes" in html
    # Shift+Right from "…militant" onto the space after it.
    move(span, analyst, span.start, span.end - len(" targets"))
    move(span, analyst, span.start, span.end + 1)
    assert span.quote == "d the strikes hit only militant t"


def test_a_boundary_moved_in_onto_a_space_leaves_the_space_out(span, analyst):
    move(span, analyst, span.start + len("the"), span.end)
    assert span.quote == "strikes hit only militant targets"
    move(span, analyst, span.start, span.end - len("targets"))
    assert span.quote == "strikes hit only militant"


def test_a_reviewer_decides_in_place_and_the_queue_count_comes_along(span, reviewer, analyst):
    client = client_for(reviewer)
    page = client.get(reverse("annotate", args=[span.article_id]) + f"?who=all&span={span.pk}")
    assert 'data-decide="approve"' in page.content.decode()
    assert "<strong>1</strong> pending" in page.content.decode()
    assert "{#" not in page.content.decode()  # no template comment leaks onto the page
    response = client.post(
        reverse("span-decide", args=[span.article_id, span.pk]),
        {"decision": "approve", "version": 1, "who": "all"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Approved Unverified claim" in html
    assert 'id="review-count" class="review-count" hx-swap-oob="true"' in html
    assert "<strong>0</strong> pending" in html
    span.refresh_from_db()
    assert (span.status, span.reviewer) == ("approved", reviewer)


def test_nobody_decides_their_own_span_in_place(span, analyst):
    client = client_for(analyst)
    page = client.get(reverse("annotate", args=[span.article_id]) + f"?span={span.pk}")
    assert "data-decide" not in page.content.decode()
    response = client.post(
        reverse("span-decide", args=[span.article_id, span.pk]),
        {"decision": "approve", "version": 1},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 403
    span.refresh_from_db()
    assert span.status == "pending"


def test_a_decision_in_the_queue_swaps_the_pending_count_out_of_band(span, reviewer):
    client = client_for(reviewer)
    queue = reverse("review-queue", args=[span.project_id])
    assert "<strong>1</strong> pending span to decide" in client.get(queue).content.decode()
    response = client.post(
        reverse("review-decide", args=[span.project_id, span.pk]),
        {"decision": "approve", "version": 1, "next": queue},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert 'id="queue-count" role="status" hx-swap-oob="true"' in html
    assert "<strong>0</strong> pending spans to decide" in html


def test_linking_says_linked_with_an_undo_that_unlinks_and_a_redo_that_links_again(
    article, analyst
):
    from newsannot.annotations.models import Relation
    from tests.conftest import quote_span

    said = quote_span(article, analyst, "attribution", "said the strikes")
    claim = quote_span(
        article, analyst, "unverified-claim", "the strikes hit only militant targets"
    )
    client = client_for(analyst)
    html = client.post(
        reverse("relation-add", args=[article.pk]),
        {"type": "attributes", "from": said.pk, "to": claim.pk},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "Linked Attributes “said the strikes” → “the strikes hit only militant…”" in html
    undo = client.post(
        reverse("span-undo", args=[article.pk]),
        {"history": undo_id_in(html, relation=True), "mode": "undo"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert (
        "Undone: linked Attributes “said the strikes” → “the strikes hit only militant…”" in undo
        and ">Redo</button>" in undo
    )
    assert not Relation.objects.exists()
    redo = client.post(
        reverse("span-undo", args=[article.pk]),
        {"history": undo_id_in(undo, relation=True), "mode": "redo"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "Redone: linked Attributes “said the strikes”" in redo
    assert Relation.objects.get().from_span_id == said.pk


def test_undoing_a_span_delete_from_the_page_brings_its_relation_back(article, analyst):
    from newsannot.annotations.models import Relation
    from newsannot.annotations.relations import relation_create
    from tests.conftest import quote_span

    said = quote_span(article, analyst, "attribution", "said the strikes")
    claim = quote_span(
        article, analyst, "unverified-claim", "the strikes hit only militant targets"
    )
    relation_create(
        article=article, type="attributes", from_span=said, to_span=claim, annotator=analyst
    )
    client = client_for(analyst)
    html = client.post(
        reverse("span-delete", args=[article.pk, said.pk]),
        {"version": 1},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert not Relation.objects.exists()
    client.post(
        reverse("span-undo", args=[article.pk]),
        {"history": undo_id_in(html), "mode": "undo"},
        HTTP_HX_REQUEST="true",
    )
    assert Relation.objects.get().to_span_id == claim.pk


def test_unlinking_from_the_panel_says_unlinked_and_its_undo_links_again(article, analyst):
    from newsannot.annotations.models import Relation
    from newsannot.annotations.relations import relation_create
    from tests.conftest import quote_span

    said = quote_span(article, analyst, "attribution", "said the strikes")
    claim = quote_span(
        article, analyst, "unverified-claim", "the strikes hit only militant targets"
    )
    relation = relation_create(
        article=article, type="attributes", from_span=said, to_span=claim, annotator=analyst
    )
    client = client_for(analyst)
    html = client.post(
        reverse("relation-delete", args=[article.pk, relation.pk]),
        {"version": 1, "open": said.pk},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "Unlinked Attributes “said the strikes”" in html
    assert not Relation.objects.exists()
    undone = client.post(
        reverse("span-undo", args=[article.pk]),
        {"history": undo_id_in(html, relation=True), "mode": "undo"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "Undone: unlinked Attributes “said the strikes”" in undone
    assert f'data-relation="{relation.pk}"' in undone  # back in the open span's panel
    assert Relation.objects.get().pk == relation.pk


def test_undo_and_redo_name_a_hostile_long_quote_escaped_and_cut_as_the_change_did(
    project, analyst, manager
):
    text = 'He said "<b>x</b>" & <script>alert(1)</script> ' + "then went on " * 10 + "end."
    article = article_create(
        project=project, title="Hostile", text=text, created_by=manager
    ).article
    span = quote_span(article, analyst, "attribution", text[:-4])
    client = client_for(analyst)
    deleted = client.post(
        reverse("span-delete", args=[article.pk, span.pk]),
        {"version": span.version},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    # The quote cut at 60 characters, as every notice cuts it, and escaped.
    words = "Attribution “He said &quot;&lt;b&gt;x&lt;/b&gt;&quot; &amp; &lt;script&gt;"
    assert f"Deleted {words}" in deleted and "<script>" not in deleted
    undone = client.post(
        reverse("span-undo", args=[article.pk]),
        {"history": undo_id_in(deleted), "mode": "undo"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert f"Undone: deleted {words}" in undone and "<script>" not in undone
    assert escape(f"“{text[:59]}…” ") in undone
    redone = client.post(
        reverse("span-undo", args=[article.pk]),
        {"history": undo_id_in(undone), "mode": "redo"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert f"Redone: deleted {words}" in redone and "<script>" not in redone
    assert not Span.objects.exists()
