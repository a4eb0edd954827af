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
