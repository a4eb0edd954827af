"""The approve, reject and relabel forms that spans and relations share (_decide_forms.html):
each sends the item's version, its decision and what the redrawn item needs."""

from __future__ import annotations

import re

from django.urls import reverse

from tests.conftest import client_for


def forms_of(body: str, item_id: str) -> list[str]:
    item = body[body.index(f'id="{item_id}"') :]
    item = item[: item.index("</li>")]
    return re.findall(r"<form .*?</form>", item, re.S)


def test_span_and_relation_items_send_version_decision_and_what_to_redraw(
    article, relation, reviewer
):
    span = relation.from_span
    body = client_for(reviewer).get(reverse("article-review", args=[article.pk])).content.decode()
    span_forms = forms_of(body, f"item-{span.pk}")
    decide = reverse("review-decide", args=[span.project_id, span.pk])
    assert len(span_forms) == 3  # approve, reject, relabel
    for form, decision in zip(span_forms, ["approve", "reject", "approve"], strict=True):
        assert f'action="{decide}"' in form and f'hx-post="{decide}"' in form
        assert f'name="version" value="{span.version}"' in form
        assert f'name="decision" value="{decision}"' in form
        assert 'name="compact" value="1"' in form  # the article page draws compact items
        assert 'name="csrfmiddlewaretoken"' in form
    assert 'name="reason"' in span_forms[1] and 'name="label"' in span_forms[2]

    relation_forms = forms_of(body, f"relation-{relation.pk}")
    decide = reverse("review-relation-decide", args=[relation.project_id, relation.pk])
    assert len(relation_forms) == 2
    for form, decision in zip(relation_forms, ["approve", "reject"], strict=True):
        assert f'action="{decide}"' in form
        assert f'name="decision" value="{decision}"' in form
        assert f'name="scope" value="{article.pk}"' in form
        assert 'name="compact"' not in form


def test_queue_items_are_not_compact(project, span, reviewer):
    body = client_for(reviewer).get(reverse("review-queue", args=[project.pk])).content.decode()
    forms = forms_of(body, f"item-{span.pk}")
    assert len(forms) == 3 and all('name="compact"' not in f for f in forms)


def test_a_refused_decision_offers_a_reload_that_keeps_compact_and_scope(
    article, relation, reviewer, reviewer2
):
    span = relation.from_span
    client, htmx = client_for(reviewer), {"HTTP_HX_REQUEST": "true"}
    for other in (span, relation):  # ravi decides both first: alice's versions go stale
        url = "review-decide" if other is span else "review-relation-decide"
        client_for(reviewer2).post(
            reverse(url, args=[other.project_id, other.pk]),
            {"decision": "approve", "version": other.version},
            **htmx,
        )
    stale = client.post(
        reverse("review-decide", args=[span.project_id, span.pk]),
        {"decision": "reject", "version": span.version, "compact": "1"},
        **htmx,
    )
    reload = reverse("review-item", args=[span.project_id, span.pk])
    assert stale.status_code == 409
    assert f'hx-get="{reload}?compact=1"' in stale.content.decode()
    assert "Reload this span" in stale.content.decode()
    stale = client.post(
        reverse("review-relation-decide", args=[relation.project_id, relation.pk]),
        {"decision": "reject", "version": relation.version, "scope": article.pk},
        **htmx,
    )
    reload = reverse("review-relation-item", args=[relation.project_id, relation.pk])
    assert stale.status_code == 409
    assert f'hx-get="{reload}?scope={article.pk}"' in stale.content.decode()
    assert "Reload this relation" in stale.content.decode()
