"""The three labels every new project starts with."""

from __future__ import annotations

DEFAULT_LABELS: list[dict[str, str]] = [
    {
        "key": "attribution",
        "name": "Attribution",
        "color": "#2f6db5",
        "shortcut": "a",
        "guideline": (
            "Who is said to have said it: the source and the reporting cue, e.g. "
            "“the general told a media briefing”, “according to the ministry”."
        ),
    },
    {
        "key": "unverified-claim",
        "name": "Unverified claim",
        "color": "#c0392b",
        "shortcut": "u",
        "guideline": (
            "A claim of fact the article gives no evidence for, especially from an interested "
            "party: “strikes hit only militant targets”."
        ),
    },
    {
        "key": "state-media-source",
        "name": "State-media source",
        "color": "#7d3c98",
        "shortcut": "s",
        "guideline": (
            "A mention of a state-controlled outlet as the source of the report, e.g. "
            "“Source: RT”, “told Rossiya channel”."
        ),
    },
]

# Used for labels created without a colour, in order.
PALETTE = ["#2f6db5", "#c0392b", "#7d3c98", "#1e8449", "#b9770e", "#117a65", "#6c3483", "#5d6d7e"]

# The relation types every new project starts with (annotations.RelationType). An empty list
# of labels allows any: an attribution attributes whatever span holds its content.
DEFAULT_RELATION_TYPES: list[dict] = [
    {
        "key": "attributes",
        "name": "Attributes",
        "from_labels": ["attribution"],
        "to_labels": [],
        "shortcut": "a",
    },
    {
        "key": "via-outlet",
        "name": "Via outlet",
        "from_labels": ["attribution", "unverified-claim"],
        "to_labels": ["state-media-source"],
        "shortcut": "v",
    },
]

# The attributes every new project's labels start with (annotations.LabelAttribute), by label
# key: each a key and its closed list of values.
DEFAULT_ATTRIBUTES: dict[str, list[dict]] = {
    "attribution": [
        {
            "key": "source_type",
            "name": "Source type",
            "values": ["named-person", "official-body", "anonymous", "media-outlet", "document"],
        },
        {"key": "quote_type", "name": "Quote type", "values": ["direct", "indirect", "mixed"]},
    ],
}


def seed_structure(project_id: int, *, relation_type_model, label_model, attribute_model) -> None:
    """Give a project the default relation types and label attributes it lacks. The models are
    passed in: project_create gives the real ones, the data migration its historical ones."""
    have = set(
        relation_type_model.objects.filter(project_id=project_id).values_list("key", flat=True)
    )
    relation_type_model.objects.bulk_create(
        relation_type_model(project_id=project_id, order=order, **spec)
        for order, spec in enumerate(DEFAULT_RELATION_TYPES)
        if spec["key"] not in have
    )
    labels = label_model.objects.filter(project_id=project_id, key__in=list(DEFAULT_ATTRIBUTES))
    for label in labels:
        have = set(attribute_model.objects.filter(label=label).values_list("key", flat=True))
        attribute_model.objects.bulk_create(
            attribute_model(label=label, order=order, **spec)
            for order, spec in enumerate(DEFAULT_ATTRIBUTES[label.key])
            if spec["key"] not in have
        )
