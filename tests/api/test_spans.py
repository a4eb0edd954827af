from __future__ import annotations

import pytest

from newsannot.annotations.models import Span, SpanHistory
from tests.api.conftest import Api
from tests.conftest import quote_span


def spans_url(article) -> str:
    return f"/api/v1/articles/{article.pk}/spans/"


def test_it_creates_a_span_with_code_point_offsets(article, analyst):
    start = article.text.index("外交部")
    response = Api(analyst).post(
        spans_url(article),
        {"label": "attribution", "start": start, "end": start + 3, "quote": "外交部", "note": "n"},
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["label"], body["quote"], body["status"], body["version"]) == (
        "attribution",
        "外交部",
        "pending",
        1,
    )
    assert body["annotator"] == "alice" and body["reviewer"] is None
    assert SpanHistory.objects.filter(span_id=body["id"]).count() == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"label": "nope", "start": 0, "end": 9, "quote": "Officials"}, "Unknown label 'nope'"),
        (
            {"label": "attribution", "start": 0, "end": 9, "quote": "Oficials"},
            "quote does not match",
        ),
        (
            {"label": "attribution", "start": 5, "end": 5, "quote": ""},
            "start (5) must be less than end (5)",
        ),
        ({"label": "attribution", "start": 9, "end": 3, "quote": "x"}, "must be less than end"),
        (
            {"label": "attribution", "start": 0, "end": 99999, "quote": "x"},
            "past the end of the text",
        ),
        (
            {"label": "attribution", "start": -1, "end": 3, "quote": "x"},
            "start (-1) must not be negative.",
        ),
        (
            {"label": "attribution", "start": "a", "end": 3, "quote": "x"},
            "start must be a whole number, not 'a'.",
        ),
        ({"start": 0, "end": 9, "quote": "Officials"}, "label: This field is required."),
    ],
)
def test_it_refuses_a_bad_span_naming_the_problem(article, analyst, body, message):
    response = Api(analyst).post(spans_url(article), body)
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert not Span.objects.exists()


def test_a_body_that_is_not_an_object_is_refused(article, analyst):
    response = Api(analyst).post(spans_url(article), [1, 2])
    assert response.status_code == 400
    assert response.json()["detail"] == "The request body must be a JSON object."


def test_malformed_json_is_a_400_with_a_detail(article, analyst):
    response = Api(analyst).client.post(spans_url(article), "{", content_type="application/json")
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


def test_the_same_span_twice_is_a_409(article, span, analyst):
    body = {"label": "unverified-claim", "start": span.start, "end": span.end, "quote": span.quote}
    response = Api(analyst).post(spans_url(article), body)
    assert response.status_code == 409
    assert "already have" in response.json()["detail"]


def test_patch_changes_label_and_note_and_bumps_the_version(span, analyst):
    response = Api(analyst).patch(
        f"/api/v1/spans/{span.pk}/", {"label": "attribution", "note": " kept ", "version": 1}
    )
    assert response.status_code == 200
    assert (response.json()["label"], response.json()["note"], response.json()["version"]) == (
        "attribution",
        " kept ",
        2,
    )


def test_patch_needs_the_version(span, analyst):
    response = Api(analyst).patch(f"/api/v1/spans/{span.pk}/", {"note": "x"})
    assert response.status_code == 400
    assert "version: This field is required." in response.json()["detail"]


def test_a_stale_patch_is_a_409_naming_who_changed_it(span, analyst, manager):
    Api(manager).patch(f"/api/v1/spans/{span.pk}/", {"note": "mine", "version": 1})
    response = Api(analyst).patch(f"/api/v1/spans/{span.pk}/", {"note": "late", "version": 1})
    assert response.status_code == 409
    assert "changed by mona" in response.json()["detail"]
    assert response.json()["version"] == 2


def test_delete_with_a_stale_version_is_a_409(span, analyst, manager):
    Api(manager).patch(f"/api/v1/spans/{span.pk}/", {"note": "mine", "version": 1})
    response = Api(analyst).delete(f"/api/v1/spans/{span.pk}/?version=1")
    assert response.status_code == 409
    assert Span.objects.filter(pk=span.pk).exists()


def test_delete_with_a_bad_version_is_a_400(span, analyst):
    response = Api(analyst).delete(f"/api/v1/spans/{span.pk}/?version=x")
    assert response.status_code == 400
    assert "version must be a whole number" in response.json()["detail"]


def test_a_reviewer_approves_with_the_current_version(span, reviewer):
    response = Api(reviewer).post(
        f"/api/v1/spans/{span.pk}/review/", {"decision": "approve", "version": 1, "reason": "ok"}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["reviewer"], body["review_reason"], body["version"]) == (
        "approved",
        "rita",
        "ok",
        2,
    )


def test_a_review_of_a_stale_version_is_a_409(span, reviewer, reviewer2):
    Api(reviewer).post(f"/api/v1/spans/{span.pk}/review/", {"decision": "reject", "version": 1})
    response = Api(reviewer2).post(
        f"/api/v1/spans/{span.pk}/review/", {"decision": "approve", "version": 1}
    )
    assert response.status_code == 409
    assert "changed by rita" in response.json()["detail"]
    assert Span.objects.get().status == "rejected"


def test_a_reviewer_cannot_review_their_own_span(article, reviewer):
    own = quote_span(article, reviewer, "attribution", "Officials")
    response = Api(reviewer).post(
        f"/api/v1/spans/{own.pk}/review/", {"decision": "approve", "version": 1}
    )
    assert response.status_code == 403
    assert "your own span" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"decision": "approve"}, "version: This field is required."),
        ({"decision": "maybe", "version": 1}, 'decision: "maybe" is not a valid choice.'),
        ({"version": 1}, "decision: This field is required."),
        ({"decision": "approve", "version": "one"}, "version must be a whole number, not 'one'."),
    ],
)
def test_a_bad_review_names_the_problem(span, reviewer, body, message):
    response = Api(reviewer).post(f"/api/v1/spans/{span.pk}/review/", body)
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_an_unknown_span_is_a_404_with_a_detail(db, analyst):
    response = Api(analyst).get("/api/v1/spans/999999/")
    assert response.status_code == 404
    assert response.json()["detail"] == "There is no span 999999."


def test_span_lists_filter_by_label_status_annotator_and_time(article, span, analyst, manager):
    other = quote_span(article, manager, "state-media-source", "Source: RT")
    api = Api(manager)
    url = f"/api/v1/projects/{article.project_id}/spans/"

    def ids(**params):
        return [r["id"] for r in api.get(url, **params).json()["results"]]

    assert ids() == [span.pk, other.pk]
    assert ids(label="state-media-source") == [other.pk]
    assert ids(annotator="alice") == [span.pk]
    assert ids(status="approved") == []
    assert ids(outlet="RT") == [span.pk, other.pk]
    assert ids(updated_since="2999-01-01T00:00:00Z") == []
    assert ids(updated_since="2000-01-01") == [span.pk, other.pk]
    bad = api.get(url, updated_since="yesterday")
    assert bad.status_code == 400 and "updated_since must be" in bad.json()["detail"]
    bad = api.get(url, status="done")
    assert bad.status_code == 400 and "Unknown status 'done'" in bad.json()["detail"]


def test_span_lists_page_with_a_cursor(article, analyst, manager):
    created = [quote_span(article, manager, "attribution", w) for w in ("Officials", "said", "the")]
    api = Api(manager)
    first = api.get(f"/api/v1/articles/{article.pk}/spans/", page_size=2).json()
    assert [r["id"] for r in first["results"]] == [created[0].pk, created[1].pk]
    second = api.client.get(first["next"]).json()
    assert [r["id"] for r in second["results"]] == [created[2].pk]
    assert second["next"] is None


def test_updated_since_with_any_valid_offset_is_answered(span, reviewer):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(reviewer)
    url = f"/api/v1/articles/{span.article_id}/spans/"
    # Python accepts offsets up to ±23:59; PostgreSQL only ±15:59: the API converts to UTC.
    response = client.get(url, {"updated_since": "2000-01-01T00:00:00+16:00"})
    assert response.status_code == 200
    assert [s["id"] for s in response.json()["results"]] == [span.pk]
    bad = client.get(url, {"updated_since": "2024-13-01T00:00:00"})
    assert bad.status_code == 400
    assert "updated_since must be an ISO 8601" in bad.json()["detail"]
