from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from newsannot.annotations.models import Origin, Span
from newsannot.suggestions.models import Dismissal, Suggestion
from tests.conftest import client_for, quote_span


def _rt(article):
    return Suggestion.objects.get(article=article, quote="Source: RT")


def test_the_panel_lists_suggestions_with_the_articles_outlet(suggested, analyst):
    response = client_for(analyst).get(reverse("suggestion-panel", args=[suggested.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Source: RT" in body
    assert "State-controlled" in body
    assert 'class="suggestion"' in body


def test_accept_creates_a_span_and_tells_the_page_to_redraw(suggested, analyst):
    response = client_for(analyst).post(
        reverse("suggestion-accept", args=[_rt(suggested).pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "newsannot:spans-changed" in response["HX-Trigger"]
    span = Span.objects.get(article=suggested, annotator=analyst)
    assert span.origin == Origin.SUGGESTED


def test_accepting_twice_is_a_conflict_with_a_message(suggested, analyst):
    client = client_for(analyst)
    url = reverse("suggestion-accept", args=[_rt(suggested).pk])
    client.post(url)
    response = client.post(url)
    assert response.status_code == 409
    assert "already have" in response.content.decode()


def test_dismiss_remembers_it(suggested, analyst):
    response = client_for(analyst).post(reverse("suggestion-dismiss", args=[_rt(suggested).pk]))
    assert response.status_code == 200
    assert Dismissal.objects.filter(user=analyst).count() == 1
    assert "Source: RT" not in response.content.decode()


def test_accept_all_for_a_label(suggested, analyst):
    url = reverse("suggestion-accept-all", args=[suggested.pk])
    response = client_for(analyst).post(url, {"label": "state-media-source"})
    assert response.status_code == 200
    assert Span.objects.filter(annotator=analyst, label__key="state-media-source").count() == 1
    assert client_for(analyst).post(url, {"label": "nope"}).status_code == 404


def test_run_now_computes_suggestions(article, analyst):
    response = client_for(analyst).post(reverse("suggestion-run", args=[article.pk]))
    assert response.status_code == 200
    assert Suggestion.objects.filter(article=article).exists()


def test_anonymous_users_are_sent_to_log_in(suggested):
    client = Client()
    for url in [
        reverse("suggestion-panel", args=[suggested.pk]),
        reverse("suggestion-accept", args=[_rt(suggested).pk]),
    ]:
        response = client.post(url) if "accept" in url else client.get(url)
        assert response.status_code == 302
        assert reverse("login") in response["Location"]
    assert not Span.objects.exists()


def test_outsiders_are_refused(suggested, outsider):
    client = client_for(outsider)
    assert client.get(reverse("suggestion-panel", args=[suggested.pk])).status_code == 403
    assert client.post(reverse("suggestion-accept", args=[_rt(suggested).pk])).status_code == 403
    assert client.post(reverse("suggestion-dismiss", args=[_rt(suggested).pk])).status_code == 403
    assert not Span.objects.exists() and not Dismissal.objects.exists()


def test_writes_need_post(suggested, analyst):
    url = reverse("suggestion-accept", args=[_rt(suggested).pk])
    assert client_for(analyst).get(url).status_code == 405


def test_a_gone_suggestion_is_a_404_with_a_message(db, analyst):
    response = client_for(analyst).post(reverse("suggestion-accept", args=[999999]))
    assert response.status_code == 404
    assert "gone" in response.content.decode()


def test_hostile_text_is_escaped_in_the_panel(project, manager, analyst):
    from newsannot.corpus.services import article_create
    from newsannot.suggestions.services import suggest_for_articles

    art = article_create(
        project=project,
        title="x",
        created_by=manager,
        text="<script>alert(1)</script> Officials said all of it was <b>fine</b>.",
    ).article
    suggest_for_articles([art])
    body = client_for(analyst).get(reverse("suggestion-panel", args=[art.pk])).content.decode()
    assert "<b>fine" not in body and "&lt;b&gt;fine" in body


def _items(body: str) -> dict[str, str]:
    """Each listed suggestion's id → its <li> markup."""
    return {
        m.group(1): m.group(0)
        for m in re.finditer(r'<li class="suggestion[^"]*"[^>]*data-id="(\d+)".*?</li>', body, re.S)
    }


def test_the_panel_never_offers_a_span_the_analyst_already_has(suggested, analyst):
    quote_span(suggested, analyst, "state-media-source", "Source: RT")
    body = client_for(analyst).get(reverse("suggestion-panel", args=[suggested.pk])).content
    assert str(_rt(suggested).pk) not in _items(body.decode())


def test_a_refused_accept_keeps_the_panel_and_says_why_beside_that_suggestion(suggested, analyst):
    rt = _rt(suggested)
    others = {str(pk) for pk in Suggestion.objects.exclude(pk=rt.pk).values_list("pk", flat=True)}
    assert others  # the panel has more to lose than the one refused
    panel = client_for(analyst).get(reverse("suggestion-panel", args=[suggested.pk]))
    # The analyst draws the same span in the text, then accepts from a panel not yet redrawn.
    quote_span(suggested, analyst, "state-media-source", "Source: RT")
    response = client_for(analyst).post(
        reverse("suggestion-accept", args=[rt.pk]),
        {"article": suggested.pk, "shown": 50},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 409
    body = response.content.decode()
    items = _items(body)
    assert others | {str(rt.pk)} == set(items)
    assert set(items) == set(_items(panel.content.decode()))
    refused = items[str(rt.pk)]
    assert 'role="alert"' in refused
    assert "You already have a “State-media source” span" in refused
    assert "state-media-source'" not in body
    assert "suggestion-accept" not in refused.split("suggestion-error")[1]  # no Accept again
    assert Span.objects.filter(article=suggested, annotator=analyst).count() == 1


def test_a_suggestion_gone_since_answers_with_the_articles_fresh_panel(suggested, analyst):
    rt = _rt(suggested)
    rt_pk = rt.pk
    rt.delete()
    response = client_for(analyst).post(
        reverse("suggestion-accept", args=[rt_pk]), {"article": suggested.pk}
    )
    assert response.status_code == 404
    body = response.content.decode()
    assert "This suggestion is gone" in body
    assert set(_items(body)) == set(
        map(str, Suggestion.objects.filter(article=suggested).values_list("pk", flat=True))
    )
