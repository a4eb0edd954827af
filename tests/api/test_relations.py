from __future__ import annotations

import pytest

from newsannot.annotations.models import Relation, RelationHistory
from newsannot.annotations.services import span_review
from newsannot.outlets.models import Outlet
from tests.api.conftest import Api
from tests.conftest import quote_span

SAID = "spokesman Zhao told a media briefing"


@pytest.fixture
def said(article, analyst):
    return quote_span(article, analyst, "attribution", SAID)


def relations_url(article) -> str:
    return f"/api/v1/articles/{article.pk}/relations/"


def create(user, article, body):
    return Api(user).post(relations_url(article), body)


def test_an_analyst_links_an_attribution_to_a_claim(article, analyst, said, span):
    response = create(
        analyst, article, {"type": "attributes", "from": said.pk, "to": span.pk, "note": "n"}
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert {k: body[k] for k in ("type", "from", "to", "note", "status", "version")} == {
        "type": "attributes",
        "from": said.pk,
        "to": span.pk,
        "note": "n",
        "status": "pending",
        "version": 1,
    }
    assert body["annotator"] == "alice"
    listed = Api(analyst).get(relations_url(article)).json()["results"]
    assert [r["id"] for r in listed] == [body["id"]]
    assert Api(analyst).get(f"/api/v1/relations/{body['id']}/").json()["to"] == span.pk


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"type": "via-outlet", "from": "said", "to": "span"}, 400, "labelled state-media-source"),
        ({"type": "attributes", "from": "said", "to": "said"}, 400, "not a span to itself"),
        ({"type": "nope", "from": "said", "to": "span"}, 400, "Unknown relation type 'nope'"),
        ({"type": "attributes", "from": "said", "to": 999999}, 400, "no span 999999 that you"),
        ({"type": "attributes", "from": "said", "to": "x"}, 400, "to must be a span's id"),
        ({"type": "attributes", "from": "said"}, 400, "to: This field is required."),
    ],
)
def test_it_refuses_a_bad_relation_naming_the_problem(
    article, analyst, said, span, body, status, message
):
    ends = {"said": said.pk, "span": span.pk}
    body = {k: ends.get(v, v) if isinstance(v, str) and k != "type" else v for k, v in body.items()}
    response = create(analyst, article, body)
    assert response.status_code == status
    assert message in response.json()["detail"]
    assert not Relation.objects.exists()


def test_the_same_link_twice_is_a_409(article, analyst, said, span):
    body = {"type": "attributes", "from": said.pk, "to": span.pk}
    assert create(analyst, article, body).status_code == 201
    again = create(analyst, article, body)
    assert again.status_code == 409 and again.json()["code"] == "duplicate"


def test_an_analyst_does_not_see_a_colleagues_pending_relation(
    article, analyst, analyst2, reviewer, said, span
):
    relation = create(
        analyst, article, {"type": "attributes", "from": said.pk, "to": span.pk}
    ).json()
    assert Api(analyst2).get(relations_url(article)).json()["results"] == []
    assert Api(analyst2).get(f"/api/v1/relations/{relation['id']}/").status_code == 404
    assert len(Api(reviewer).get(relations_url(article)).json()["results"]) == 1


def test_patch_needs_the_current_version_and_delete_records_history(article, analyst, said, span):
    relation = create(
        analyst, article, {"type": "attributes", "from": said.pk, "to": span.pk}
    ).json()
    url = f"/api/v1/relations/{relation['id']}/"
    changed = Api(analyst).patch(url, {"version": 1, "note": "checked"})
    assert changed.status_code == 200 and changed.json()["version"] == 2
    stale = Api(analyst).patch(url, {"version": 1, "note": "again"})
    assert stale.status_code == 409 and "changed by alice" in stale.json()["detail"]
    assert Api(analyst).delete(url + "?version=2").status_code == 204
    assert Api(analyst).get(url).status_code == 404
    actions = RelationHistory.objects.filter(relation_id=relation["id"]).values_list(
        "action", flat=True
    )
    assert list(actions) == ["create", "update", "delete"]


def test_review_answers_like_a_span_review(article, analyst, reviewer, said, span):
    relation = create(
        analyst, article, {"type": "attributes", "from": said.pk, "to": span.pk}
    ).json()
    url = f"/api/v1/relations/{relation['id']}/review/"
    own = Api(analyst).post(url, {"decision": "approve", "version": 1})
    assert own.status_code == 403
    decided = Api(reviewer).post(url, {"decision": "reject", "version": 1, "reason": "no"})
    assert decided.status_code == 200
    assert (decided.json()["status"], decided.json()["reviewer"]) == ("rejected", "rita")
    stale = Api(reviewer).post(url, {"decision": "approve", "version": 1})
    assert stale.status_code == 409


def test_the_project_lists_its_relation_types_and_label_attributes(project, analyst):
    body = Api(analyst).get(f"/api/v1/projects/{project.pk}/").json()
    types = {t["key"]: t for t in body["relation_types"]}
    assert types["via-outlet"]["from_labels"] == ["attribution", "unverified-claim"]
    assert types["via-outlet"]["to_labels"] == ["state-media-source"]
    attribution = next(label for label in body["labels"] if label["key"] == "attribution")
    assert [a["key"] for a in attribution["attributes"]] == ["source_type", "quote_type"]
    assert "official-body" in attribution["attributes"][0]["values"]


def test_spans_carry_attributes_set_on_create_and_patch(article, analyst):
    start = article.text.index(SAID)
    created = Api(analyst).post(
        f"/api/v1/articles/{article.pk}/spans/",
        {
            "label": "attribution",
            "start": start,
            "end": start + len(SAID),
            "quote": SAID,
            "attributes": {"source_type": "named-person"},
        },
    )
    assert created.status_code == 201, created.json()
    assert created.json()["attributes"] == {"source_type": "named-person"}
    url = f"/api/v1/spans/{created.json()['id']}/"
    both = {"quote_type": "direct", "source_type": "official-body"}
    changed = Api(analyst).patch(url, {"version": 1, "attributes": both})
    assert changed.status_code == 200
    assert changed.json()["attributes"] == {"source_type": "official-body", "quote_type": "direct"}
    assert changed.json()["version"] == 2


@pytest.mark.parametrize(
    ("attributes", "message"),
    [
        ({"source_type": "rumour"}, "attribution.source_type is one of named-person"),
        ({"tone": "hostile"}, "has no attribute 'tone'"),
        ({"source_type": 3}, "must be one of its values (a string)"),
        (["direct"], "attributes must be an object"),
    ],
)
def test_it_refuses_attributes_the_label_does_not_have(article, analyst, said, attributes, message):
    response = Api(analyst).patch(
        f"/api/v1/spans/{said.pk}/", {"version": 1, "attributes": attributes}
    )
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_a_claim_has_no_attributes(article, analyst, span):
    response = Api(analyst).patch(
        f"/api/v1/spans/{span.pk}/", {"version": 1, "attributes": {"quote_type": "direct"}}
    )
    assert response.status_code == 400
    assert "'unverified-claim' span has no attribute 'quote_type'" in response.json()["detail"]


def test_a_person_corrects_the_outlet_a_state_media_span_names(article, analyst, manager):
    outlet = Outlet.objects.create(name="Russia-1", country="Russia", typology="SC")
    source = quote_span(article, analyst, "state-media-source", "RT")
    url = f"/api/v1/spans/{source.pk}/"
    response = Api(analyst).patch(url, {"version": 1, "outlet": outlet.pk})
    assert response.status_code == 200, response.json()
    assert (response.json()["outlet"], response.json()["outlet_by_hand"]) == (outlet.pk, True)
    detected = Api(analyst).patch(url, {"version": 2, "outlet": "auto"})  # back to detection
    assert detected.json()["outlet_by_hand"] is False
    assert detected.json()["outlet"] != outlet.pk
    missing = Api(analyst).patch(url, {"version": 3, "outlet": 987654})
    assert missing.status_code == 400 and "outlet" in missing.json()["detail"]


def test_an_approved_span_shows_its_approved_relations_to_everyone(
    article, analyst, analyst2, reviewer, said, span
):
    relation = create(
        analyst, article, {"type": "attributes", "from": said.pk, "to": span.pk}
    ).json()
    Api(reviewer).post(
        f"/api/v1/relations/{relation['id']}/review/", {"decision": "approve", "version": 1}
    )
    assert Api(analyst2).get(relations_url(article)).json()["results"] == []  # spans pending
    span_review(span=said, reviewer=reviewer, decision="approve", version=1)
    span_review(span=span, reviewer=reviewer, decision="approve", version=1)
    assert len(Api(analyst2).get(relations_url(article)).json()["results"]) == 1


def test_a_reviewer_approves_a_relation_as_another_type(article, analyst, reviewer, said):
    rt = quote_span(article, analyst, "state-media-source", "RT")
    relation = create(analyst, article, {"type": "attributes", "from": said.pk, "to": rt.pk}).json()
    url = f"/api/v1/relations/{relation['id']}/review/"
    rejecting = Api(reviewer).post(url, {"decision": "reject", "version": 1, "type": "via-outlet"})
    assert rejecting.status_code == 400 and "goes with approving" in rejecting.json()["detail"]
    own = Api(analyst).post(url, {"decision": "approve", "version": 1, "type": "via-outlet"})
    assert own.status_code == 403
    decided = Api(reviewer).post(url, {"decision": "approve", "version": 1, "type": "via-outlet"})
    assert decided.status_code == 200, decided.json()
    assert {k: decided.json()[k] for k in ("type", "status", "reviewer", "version")} == {
        "type": "via-outlet",
        "status": "approved",
        "reviewer": "rita",
        "version": 2,
    }
    stale = Api(reviewer).post(url, {"decision": "approve", "version": 1, "type": "attributes"})
    assert stale.status_code == 409
    row = RelationHistory.objects.get(relation_id=relation["id"], action="approve")
    assert (row.before["type"], row.after["type"]) == ("attributes", "via-outlet")


def test_approving_as_a_type_the_ends_do_not_allow_is_a_400(article, analyst, reviewer, said, span):
    relation = create(
        analyst, article, {"type": "attributes", "from": said.pk, "to": span.pk}
    ).json()
    response = Api(reviewer).post(
        f"/api/v1/relations/{relation['id']}/review/",
        {"decision": "approve", "version": 1, "type": "via-outlet"},
    )
    assert response.status_code == 400
    assert "ends at a span labelled state-media-source" in response.json()["detail"]
    assert Relation.objects.get(pk=relation["id"]).status == "pending"
