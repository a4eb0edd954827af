"""Relations and attributes on the review pages: seen, approved and rejected like spans."""

from __future__ import annotations

import re

from django.urls import reverse

from newsannot.annotations.models import Action, RelationHistory, Status
from newsannot.annotations.relations import (
    relation_create,
    relation_type_create,
    relation_type_retire,
)
from newsannot.corpus.services import article_create
from newsannot.review import selectors
from tests.conftest import client_for, quote_span

HTMX = {"HTTP_HX_REQUEST": "true"}
CLAIM = "the strikes hit only militant targets"


def decide(client, relation, decision="approve", version=None, scope="", **data):
    return client.post(
        reverse("review-relation-decide", args=[relation.project_id, relation.pk]),
        {
            "decision": decision,
            "version": relation.version if version is None else version,
            "scope": scope,
            **data,
        },
        **HTMX,
    )


def test_the_article_page_lists_relations_and_span_attributes(article, relation, reviewer):
    body = client_for(reviewer).get(reverse("article-review", args=[article.pk])).content.decode()
    item = body[body.index(f'id="relation-{relation.pk}"') :]
    item = item[: item.index("</li>")]
    assert "Attributes" in item and "alice" in item and "Pending" in item
    assert item.index("Officials 🚀 said") < item.index("→") < item.index(CLAIM)
    assert reverse("review-relation-decide", args=[article.project_id, relation.pk]) in item
    assert "Approve <kbd>a</kbd>" in item and "Reject <kbd>r</kbd>" in item
    assert "<strong>1</strong> pending relation to decide" in body
    assert '<span class="muted">Source type:</span> official-body' in body
    assert '<span class="muted">Quote type:</span> indirect' in body


def test_a_reviewer_approves_a_relation_from_the_review_page(article, relation, reviewer):
    response = decide(client_for(reviewer), relation, scope=article.pk)
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="relation-{relation.pk}"' in body and "is-decided" in body
    assert "Approved by rita" in body
    # The page's count follows, out of band.
    assert 'id="relation-count" role="status" hx-swap-oob="true"><strong>0</strong>' in body
    relation.refresh_from_db()
    assert (relation.status, relation.reviewer, relation.version) == (Status.APPROVED, reviewer, 2)
    row = RelationHistory.objects.get(relation_id=relation.pk, action=Action.APPROVE)
    assert row.actor == reviewer


def test_a_reviewer_rejects_with_a_reason(relation, reviewer):
    response = decide(client_for(reviewer), relation, "reject", reason="Not what he attributes")
    assert response.status_code == 200
    assert "Rejected by rita" in response.content.decode()
    relation.refresh_from_db()
    assert (relation.status, relation.review_reason) == (Status.REJECTED, "Not what he attributes")


def test_the_analyst_who_drew_it_cannot_decide_it(relation, analyst):
    response = decide(client_for(analyst), relation)
    assert response.status_code == 403
    relation.refresh_from_db()
    assert relation.status == Status.PENDING


def test_a_reviewer_cannot_decide_their_own_relation_nor_is_offered_to(article, reviewer):
    said = quote_span(article, reviewer, "attribution", "Officials 🚀 said")
    rt = quote_span(article, reviewer, "state-media-source", "Source: RT")
    own = relation_create(
        article=article, type="via-outlet", from_span=said, to_span=rt, annotator=reviewer
    )
    client = client_for(reviewer)
    body = client.get(reverse("article-review", args=[article.pk])).content.decode()
    assert "Your own relation" in body
    assert reverse("review-relation-decide", args=[own.project_id, own.pk]) not in body
    response = decide(client, own)
    assert response.status_code == 403
    assert "cannot review your own relation" in response.content.decode()
    own.refresh_from_db()
    assert own.status == Status.PENDING


def test_a_stale_version_is_refused_with_409_and_a_reload(relation, reviewer, reviewer2):
    decide(client_for(reviewer2), relation)
    response = decide(client_for(reviewer), relation, "reject", version=1)
    assert response.status_code == 409
    body = response.content.decode()
    assert "changed by ravi" in body and "Reload this relation" in body
    relation.refresh_from_db()
    assert (relation.status, relation.reviewer) == (Status.APPROVED, reviewer2)


def test_without_htmx_a_decision_goes_back_to_the_page(article, relation, reviewer):
    back = reverse("article-review", args=[article.pk])
    response = client_for(reviewer).post(
        reverse("review-relation-decide", args=[relation.project_id, relation.pk]),
        {"decision": "approve", "version": 1, "next": back},
    )
    assert (response.status_code, response.url) == (302, back)
    relation.refresh_from_db()
    assert relation.status == Status.APPROVED


def test_a_relation_of_another_project_is_not_found(relation, outsider, other_project):
    response = client_for(outsider).post(
        reverse("review-relation-decide", args=[other_project.pk, relation.pk]),
        {"decision": "approve", "version": 1},
    )
    assert response.status_code == 404


def test_the_queue_counts_pending_relations_and_lists_them_for_one_article(
    project, article, relation, reviewer
):
    client = client_for(reviewer)
    body = client.get(reverse("review-queue", args=[project.pk])).content.decode()
    assert "<strong>1</strong> pending relation to decide" in body
    assert f'href="{reverse("article-review", args=[article.pk])}#relations"' in body
    assert f'id="relation-{relation.pk}"' not in body  # listed by article, decided there
    body = client.get(
        reverse("review-queue", args=[project.pk]), {"article": article.pk}
    ).content.decode()
    assert f'id="relation-{relation.pk}"' in body
    assert f'name="scope" value="{article.pk}"' in body
    # Span items in the queue show their attributes too.
    assert '<span class="muted">Source type:</span> official-body' in body


def test_the_pages_escape_hostile_quotes_and_notes(project, manager, analyst, reviewer):
    hostile = article_create(
        project=project,
        title="Hostile",
        text="<img src=x onerror=alert(1)> said <script>alert(2)</script>.",
        created_by=manager,
    ).article
    said = quote_span(hostile, analyst, "attribution", "<img src=x onerror=alert(1)> said")
    claim = quote_span(hostile, analyst, "unverified-claim", "<script>alert(2)</script>")
    relation_create(
        article=hostile,
        type="attributes",
        from_span=said,
        to_span=claim,
        annotator=analyst,
        note="<b onmouseover=alert(3)>n</b>",
    )
    client = client_for(reviewer)
    for url in (
        reverse("article-review", args=[hostile.pk]),
        reverse("review-queue", args=[project.pk]) + f"?article={hostile.pk}",
    ):
        body = client.get(url).content.decode()
        assert "<img src=x" not in body and "<script>alert" not in body, url
        assert "<b onmouseover" not in body, url
        assert "&lt;script&gt;alert(2)&lt;/script&gt;" in body, url


def test_relations_to_decide_counts_by_article_longest_waiting_first(
    project, article, relation, manager, analyst, reviewer
):
    later = article_create(
        project=project, title="Later", text="Officials said so. Source: RT", created_by=manager
    ).article
    said = quote_span(later, analyst, "attribution", "Officials said")
    rt = quote_span(later, analyst, "state-media-source", "Source: RT")
    for kind in ("attributes", "via-outlet"):
        relation_create(article=later, type=kind, from_span=said, to_span=rt, annotator=analyst)
    own_said = quote_span(later, reviewer, "attribution", "Officials said")
    own_rt = quote_span(later, reviewer, "state-media-source", "Source: RT")
    relation_create(
        article=later, type="via-outlet", from_span=own_said, to_span=own_rt, annotator=reviewer
    )
    waiting = selectors.relations_to_decide(project, reviewer)
    assert (waiting.total, waiting.more_articles) == (3, 0)  # not the reviewer's own
    assert waiting.articles == [(article.pk, article.title, 1), (later.pk, "Later", 2)]
    waiting = selectors.relations_to_decide(project, reviewer, limit=1)
    assert (waiting.total, waiting.articles, waiting.more_articles) == (
        3,
        [(article.pk, article.title, 1)],
        1,
    )


def test_a_right_to_left_reason_is_isolated_from_the_decision_around_it(relation, reviewer):
    # An override (U+202E) in the reason must not reorder "Rejected by rita at …" around it.
    reason = "\u202eليس ما ينسبه"
    body = decide(client_for(reviewer), relation, "reject", reason=reason).content.decode()
    assert f"“<bdi>{reason}</bdi>”" in body


# -- "Change type & approve", as a span's "Relabel & approve" -------------------------------------


def retype_form(body: str, relation) -> str:
    item = body[body.index(f'id="relation-{relation.pk}"') :]
    item = item[: item.index("</li>")]
    forms = [f for f in item.split("<form ")[1:] if 'class="inline retype-form"' in f]
    return forms[0] if forms else ""


def test_the_item_offers_only_the_types_its_ends_labels_allow(article, relation, analyst, reviewer):
    # An attribution -> a state-media source: "attributes" or "via-outlet" both fit.
    said = quote_span(article, analyst, "attribution", "spokesman Zhao told a media briefing")
    rt = quote_span(article, analyst, "state-media-source", "RT")
    to_rt = relation_create(
        article=article, type="attributes", from_span=said, to_span=rt, annotator=analyst
    )
    body = client_for(reviewer).get(reverse("article-review", args=[article.pk])).content.decode()
    form = retype_form(body, to_rt)
    decide_url = reverse("review-relation-decide", args=[to_rt.project_id, to_rt.pk])
    assert f'hx-post="{decide_url}"' in form and 'name="csrfmiddlewaretoken"' in form
    assert 'name="decision" value="approve"' in form and 'name="version" value="1"' in form
    assert re.findall(r'<option value="([^"]+)"( selected)?>', form) == [
        ("attributes", " selected"),
        ("via-outlet", ""),
    ]
    assert "Change type &amp; approve" in form
    # An attribution -> a claim: only "attributes" fits, so there is nothing to change to.
    assert retype_form(body, relation) == ""


def test_a_reviewer_changes_the_type_and_approves_in_one_step(article, analyst, reviewer):
    said = quote_span(article, analyst, "attribution", "spokesman Zhao told a media briefing")
    rt = quote_span(article, analyst, "state-media-source", "RT")
    relation = relation_create(
        article=article, type="attributes", from_span=said, to_span=rt, annotator=analyst
    )
    response = decide(
        client_for(reviewer), relation, scope=article.pk, type="via-outlet", reason=""
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert '<span class="chip relation-type">Via outlet</span>' in body
    assert "Approved by rita" in body
    assert 'id="relation-count" role="status" hx-swap-oob="true"><strong>0</strong>' in body
    relation.refresh_from_db()
    assert (relation.type.key, relation.status) == ("via-outlet", Status.APPROVED)
    row = RelationHistory.objects.get(relation_id=relation.pk, action=Action.APPROVE)
    assert (row.before["type"], row.after["type"]) == ("attributes", "via-outlet")
    # The reviewer's Ctrl+Z in the annotate view takes the decision back, old type and all.
    undone = client_for(reviewer).post(
        reverse("span-undo", args=[article.pk]),
        {"history": f"r{row.pk}", "mode": "undo"},
        HTTP_HX_REQUEST="true",
    )
    assert undone.status_code == 200 and "Undone: approved Via outlet" in undone.content.decode()
    relation.refresh_from_db()
    assert (relation.type.key, relation.status) == ("attributes", Status.PENDING)
    # The form as first loaded is stale now: a 409, and the type stays.
    stale = decide(client_for(reviewer), relation, version=1, type="via-outlet")
    assert stale.status_code == 409 and "changed by rita" in stale.content.decode()
    relation.refresh_from_db()
    assert (relation.type.key, relation.status) == ("attributes", Status.PENDING)


def test_a_type_the_ends_do_not_allow_is_refused_in_the_item(relation, reviewer):
    response = decide(client_for(reviewer), relation, type="via-outlet")
    assert response.status_code == 400
    body = response.content.decode()
    assert "ends at a span labelled state-media-source" in body
    assert f'id="relation-{relation.pk}"' in body  # the item redrawn, saying why
    relation.refresh_from_db()
    assert (relation.type.key, relation.status, relation.version) == ("attributes", "pending", 1)


def test_change_type_and_approve_with_a_retired_type_left_selected_approves_it(
    article, analyst, reviewer, manager
):
    said = quote_span(article, analyst, "attribution", "spokesman Zhao told a media briefing")
    rt = quote_span(article, analyst, "state-media-source", "RT")
    relation = relation_create(
        article=article, type="attributes", from_span=said, to_span=rt, annotator=analyst
    )
    relation_type_retire(relation_type=relation.type, actor=manager)
    client = client_for(reviewer)
    body = client.get(reverse("article-review", args=[article.pk])).content.decode()
    # The form offers the relation's own type, retired, selected: sent as it is.
    assert re.findall(r'<option value="([^"]+)"( selected)?>', retype_form(body, relation)) == [
        ("attributes", " selected"),
        ("via-outlet", ""),
    ]
    # Another retired type is still not one to change to.
    cites = relation_type_create(project_id=article.project_id, key="cites", actor=manager)
    relation_type_retire(relation_type=cites, actor=manager)
    refused = decide(client, relation, type="cites")
    assert refused.status_code == 400
    assert "The relation type &#x27;cites&#x27; is retired." in refused.content.decode()
    response = decide(client, relation, type="attributes")
    assert response.status_code == 200
    assert "Approved by rita" in response.content.decode()
    relation.refresh_from_db()
    assert (relation.type.key, relation.status) == ("attributes", Status.APPROVED)
