"""A release's datasheet (after Gebru et al., "Datasheets for Datasets"): JSON for the API and
DATASHEET.md for the zips, both made at build time from the release's own lines and the
project as it was then (guidelines, label definitions, agreement)."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from newsannot.annotations.models import Span
from newsannot.corpus.models import Project
from newsannot.workload.models import Assignment, AssignmentStatus

OFFSETS = (
    "Offsets are [start, end) in Unicode code points of the article's `text` (Python's str "
    "indexing; not UTF-16 code units as JavaScript counts, not bytes). Every span carries its "
    "`quote`, which equals text[start:end]. Texts are normalised on import (NFC, \\n line ends)."
)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def counts(lines: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Articles and gold spans: overall, per split, label, outlet and typology; gold relations
    per type and gold span attributes per key and value (the values the copies agree on)."""
    articles = spans = relations = 0
    by_split: dict[str, Counter] = defaultdict(Counter)
    by_label: dict[str, Counter] = defaultdict(Counter)
    by_outlet: dict[str, Counter] = defaultdict(Counter)
    by_typology: dict[str, Counter] = defaultdict(Counter)
    by_relation_type: Counter = Counter()
    by_attribute: dict[str, Counter] = defaultdict(Counter)
    analysts: set[str] = set()
    reviewers: set[str] = set()
    for line in lines:
        articles += 1
        split = line["split"]
        outlet = line["outlet"] or "(none)"
        registry = line["outlet_registry"] or {}
        typology = registry.get("typology_label") or "(unknown)"
        n = len(line["spans"])
        spans += n
        for table, key in ((by_split, split), (by_outlet, outlet), (by_typology, typology)):
            table[key]["articles"] += 1
            table[key]["spans"] += n
        for s in line["spans"]:
            by_label[s["label"]]["spans"] += 1
            by_label[s["label"]][split] += 1
            analysts.update(s["annotators"])
            reviewers.update(s["approved_by"])
            for key, value in (s.get("attributes") or {}).items():
                by_attribute[key][str(value)] += 1
        # Releases built before relations and attributes existed have neither key.
        for r in line.get("relations") or ():
            relations += 1
            by_relation_type[r["type"]] += 1

    def plain(table: dict[str, Counter]) -> dict[str, dict[str, int]]:
        return {key: dict(sorted(table[key].items())) for key in sorted(table)}

    return {
        "articles": articles,
        "spans": spans,
        "relations": relations,
        "analysts": len(analysts),
        "reviewers": len(reviewers),
        "by_split": plain(by_split),
        "by_label": plain(by_label),
        "by_outlet": plain(by_outlet),
        "by_typology": plain(by_typology),
        "by_relation_type": dict(sorted(by_relation_type.items())),
        "by_attribute": plain(by_attribute),
    }


def agreement_at_release(project: Project, article_ids: set[int]) -> dict[str, Any] | None:
    """Inter-annotator agreement over the released articles, every analyst's spans of any
    status (review/agreement.py's mean pairwise exact and partial F1 and unitized alpha)."""
    from newsannot.corpus.models import Article, Label
    from newsannot.review import agreement

    if not article_ids:
        return None
    first, last = min(article_ids), max(article_ids)
    spans_by: dict[int, list] = defaultdict(list)
    docs_by: dict[int, set[int]] = defaultdict(set)
    rows = Span.objects.filter(article_id__gte=first, article_id__lte=last).values_list(
        "article_id", "label_id", "start", "end", "annotator_id"
    )
    for article_id, label_id, start, end, annotator_id in rows.iterator(chunk_size=5000):
        if article_id in article_ids:
            spans_by[annotator_id].append((article_id, label_id, start, end))
            docs_by[annotator_id].add(article_id)
    done = Assignment.objects.filter(
        article_id__gte=first, article_id__lte=last, status=AssignmentStatus.DONE
    )
    for article_id, user_id in done.values_list("article_id", "analyst_id"):
        if article_id in article_ids:
            docs_by[user_id].add(article_id)
    shared = Counter(d for docs in docs_by.values() for d in docs)
    shared_ids = [d for d, n in shared.items() if n >= 2]
    if not shared_ids:
        return {"documents_with_two_or_more_analysts": 0, "labels": {}, "overall": None}
    lengths = {
        pk: len(text)
        for pk, text in Article.objects.filter(pk__in=shared_ids).values_list("pk", "text")
    }
    labels = dict(Label.objects.filter(project=project).values_list("pk", "key"))
    table, overall = agreement.agreement_table(spans_by, docs_by, lengths, list(labels))

    def row(r: Any) -> dict[str, Any]:
        return {
            "exact_f1": r.exact_f1,
            "partial_f1": r.partial_f1,
            "unitized_alpha": r.alpha,
            "analyst_pairs": r.pairs,
        }

    return {
        "documents_with_two_or_more_analysts": overall.docs,
        "labels": {labels[r.label]: row(r) for r in table},
        "overall": row(overall),
    }


def definitions(project: Project) -> dict[str, Any]:
    """The guidelines and label definitions as they are now (the build's moment), hashed."""
    labels = [
        {
            "key": label.key,
            "name": label.name,
            "guideline": label.guideline,
            "sha256": sha256(f"{label.key}\n{label.name}\n{label.guideline}"),
        }
        for label in project.labels.order_by("order", "key")
    ]
    return {
        "guidelines": {"text": project.guidelines, "sha256": sha256(project.guidelines)},
        "labels": labels,
        "labels_sha256": sha256("\n".join(label["sha256"] for label in labels)),
    }


def markdown(sheet: dict[str, Any]) -> str:
    """DATASHEET.md: the same content as the JSON, for people."""
    c = sheet["counts"]
    out = [
        f"# Datasheet: {sheet['project']} — release {sheet['release']}",
        "",
        f"Created {sheet['created_at']}. Format of every file: see README of newsannot.",
        "",
        "## Motivation and composition",
        "",
        f"{c['articles']} news articles and {c['spans']} gold spans (one per article, label, "
        "start and end among the spans reviewers approved; each lists the analysts who marked "
        "it and the reviewers who approved it).",
        "",
        "| split | articles | spans |",
        "|---|---|---|",
        *(
            f"| {k} | {v.get('articles', 0)} | {v.get('spans', 0)} |"
            for k, v in c["by_split"].items()
        ),
        "",
        "| label | spans | " + " | ".join(sheet["split"]["fractions"]) + " |",
        "|---|---|" + "---|" * len(sheet["split"]["fractions"]),
        *(
            f"| {k} | {v.get('spans', 0)} | "
            + " | ".join(str(v.get(s, 0)) for s in sheet["split"]["fractions"])
            + " |"
            for k, v in c["by_label"].items()
        ),
        "",
        "| outlet | articles | spans |",
        "|---|---|---|",
        *(f"| {k} | {v['articles']} | {v['spans']} |" for k, v in c["by_outlet"].items()),
        "",
        "| outlet typology | articles | spans |",
        "|---|---|---|",
        *(f"| {k} | {v['articles']} | {v['spans']} |" for k, v in c["by_typology"].items()),
        "",
        f"{c['relations']} gold relations (approved relations between gold spans).",
        "",
        "| relation type | relations |",
        "|---|---|",
        *(f"| {k} | {n} |" for k, n in c["by_relation_type"].items()),
        "",
        "Gold span attributes (values every copy agrees on):",
        "",
        "| attribute | value | spans |",
        "|---|---|---|",
        *(
            f"| {key} | {value} | {n} |"
            for key, values in c["by_attribute"].items()
            for value, n in values.items()
        ),
        "",
        "## Collection and annotation",
        "",
        f"{c['analysts']} analysts and {c['reviewers']} reviewers. {sheet['names']}",
        "",
        "Agreement at release time (every analyst's spans, any status, on the released "
        "articles that two or more analysts annotated):",
        "",
        "```",
        _agreement_text(sheet["agreement"]),
        "```",
        "",
        "## Preprocessing: offsets",
        "",
        sheet["offsets"],
        "",
        "## Splits",
        "",
        sheet["split"]["method"],
        "",
        f"Seed {sheet['split']['seed']}; fractions {sheet['split']['fractions']}.",
        "",
        "## Distribution: licence",
        "",
        sheet["licence"] or "(No licence note was given.)",
        "",
        "## Guidelines (as they were)",
        "",
        f"sha256 {sheet['definitions']['guidelines']['sha256']}",
        "",
        sheet["definitions"]["guidelines"]["text"] or "(none)",
        "",
        "## Label definitions (as they were)",
        "",
        f"Label set sha256 {sheet['definitions']['labels_sha256']}",
        "",
    ]
    for label in sheet["definitions"]["labels"]:
        out += [f"### {label['name']} (`{label['key']}`)", "", label["guideline"] or "", ""]
    return "\n".join(out) + "\n"


def _agreement_text(agreement: dict[str, Any] | None) -> str:
    if not agreement or not agreement.get("overall"):
        return "No released article was annotated by two or more analysts."
    lines = [f"articles with 2+ analysts: {agreement['documents_with_two_or_more_analysts']}"]
    for key, row in [("all", agreement["overall"]), *agreement["labels"].items()]:
        values = ", ".join(
            f"{name} {'n/a' if row[name] is None else f'{row[name]:.3f}'}"
            for name in ("exact_f1", "partial_f1", "unitized_alpha")
        )
        lines.append(f"{key}: {values}")
    return "\n".join(lines)
