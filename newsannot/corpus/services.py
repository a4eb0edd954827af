"""Writes to projects, members, labels and articles; HTML views and the API both call these."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.text import slugify

from newsannot import policy
from newsannot.annotations.models import LabelAttribute, RelationType, Span
from newsannot.annotations.services import spans_delete_of_article
from newsannot.corpus import changes
from newsannot.corpus.labels import DEFAULT_LABELS, PALETTE, seed_structure
from newsannot.corpus.members import member_add
from newsannot.corpus.models import (
    Article,
    ArticleDeletion,
    Label,
    Membership,
    Project,
    ProjectDeletion,
    Role,
)
from newsannot.ingest import fields, parse
from newsannot.lib.colours import validate_colour
from newsannot.lib.errors import Conflict, Forbidden, Invalid, NotFound, shown
from newsannot.lib.shortcuts import checked_shortcut
from newsannot.lib.text import content_hash


@transaction.atomic
def project_create(
    *,
    name: str,
    labels: list[dict[str, str]] | None = None,
    description: str = "",
    guidelines: str = "",
    actor: AbstractBaseUser | None = None,
    granularity: str = "word",
) -> Project:
    """A new project with the default labels (or `labels`). `actor`: who asks (site admins
    only); None for the system (the demo, tests, the benchmark)."""
    if actor is not None and not policy.may_create_or_delete_projects(actor):
        raise Forbidden("Only site admins can create projects.")
    name = (name or "").strip()
    if not name:
        raise Invalid("A project needs a name.", field="name")
    if Project.objects.filter(name=name).exists():
        raise Conflict(f"A project named {name!r} exists already.", field="name")
    granularity = fields.granularity(granularity)
    project = Project.objects.create(
        name=name, description=description, guidelines=guidelines, granularity=granularity
    )
    for order, spec in enumerate(labels if labels is not None else DEFAULT_LABELS):
        label_create(project=project, order=order, **spec)
    seed_structure(
        project.pk,
        relation_type_model=RelationType,
        label_model=Label,
        attribute_model=LabelAttribute,
    )
    return project


def _label_colour(color: object) -> str:
    try:
        validate_colour(color)  # the model field's own validator; the database checks it too
    except ValidationError as exc:
        raise Invalid(exc.messages[0], field="color") from None
    return color.lower()  # type: ignore[union-attr]


def _label_shortcut(project: Project, shortcut: object, *, label: Label | None = None) -> str:
    shortcut = checked_shortcut(shortcut, was=label.shortcut if label is not None else "")
    others = project.labels.filter(shortcut=shortcut, retired=False)
    if label is not None:
        others = others.exclude(pk=label.pk)
    if shortcut and (other := others.first()) is not None:
        raise Conflict(
            f"The shortcut {shortcut!r} is taken by the label {other.name!r}.", field="shortcut"
        )
    return shortcut


def _label_name(name: object) -> str:
    name = fields.storable("name", name).strip() if isinstance(name, str) else ""
    if not name:
        raise Invalid("A label needs a name.", field="name")
    if len(name) > Label._meta.get_field("name").max_length:  # type: ignore[operator]
        raise Invalid("A label's name is at most 100 characters.", field="name")
    return name


@transaction.atomic
def label_create(
    *,
    project: Project,
    key: str,
    name: str = "",
    color: str = "",
    shortcut: str = "",
    guideline: str = "",
    order: int | None = None,
    actor: AbstractBaseUser | None = None,
) -> Label:
    """`actor`: who asks (managers); None for the system (a new project's labels)."""
    if actor is not None:
        policy.require(actor, "project.manage", project)
    if not isinstance(key, str) or not key or slugify(key) != key or len(key) > 64:
        raise Invalid(
            f"Label key {shown(key)} must be a slug: lower-case letters, digits and hyphens.",
            field="key",
        )
    if project.labels.filter(key=key).exists():
        raise Conflict(f"This project has a label {key!r} already.", field="key")
    count = project.labels.count()
    # Retired labels count: they stay, with their spans, in the exports and the pickers' lists.
    if count >= settings.MAX_LABELS_PER_PROJECT:
        raise Invalid(
            f"A project has at most {settings.MAX_LABELS_PER_PROJECT} labels "
            "(MAX_LABELS_PER_PROJECT).",
            field="key",
        )
    color = _label_colour(color) if color else PALETTE[count % len(PALETTE)]
    shortcut = _label_shortcut(project, shortcut)
    if not isinstance(guideline, str):
        raise Invalid("A label's guideline is text.", field="guideline")
    guideline = fields.storable("guideline", guideline)
    try:
        with transaction.atomic():
            label = Label.objects.create(
                project=project,
                key=key,
                name=_label_name(name or key.replace("-", " ").capitalize()),
                color=color,
                shortcut=shortcut,
                guideline=guideline,
                order=count if order is None else order,
            )
    except IntegrityError:  # a colleague took the key or the shortcut meanwhile
        raise Conflict("Another label took this key or shortcut meanwhile.") from None
    if actor is not None:
        changes.record(
            project=project,
            actor=actor,
            action="label.add",
            summary=f"label “{label.name}” ({key}) added",
            after=_label_state(label),
        )
    return label


LABEL_FIELDS = ("name", "color", "shortcut", "guideline", "retired")


def _label_state(label: Label) -> dict[str, object]:
    return {name: getattr(label, name) for name in LABEL_FIELDS}


def _label_summary(label: Label, before: dict[str, object], after: dict[str, object]) -> str:
    said = []
    for name in ("name", "color", "shortcut"):
        if before[name] != after[name]:
            said.append(f"{name} {before[name] or '(none)'} → {after[name] or '(none)'}")
    if before["guideline"] != after["guideline"]:
        said.append("guideline rewritten")
    if before["retired"] != after["retired"]:
        said.append("retired" if after["retired"] else "in use again")
    return f"label “{label.name}” ({label.key}): " + ", ".join(said)


@transaction.atomic
def label_update(
    *,
    label: Label,
    actor: AbstractBaseUser,
    name: object = None,
    color: object = None,
    shortcut: object = None,
    guideline: object = None,
    retired: object = None,
) -> Label:
    """Change what is given (None: leave it). The key stays: exports and the API name labels
    by it. A retired label is offered for no new span; its spans stay, and are exported."""
    policy.require(actor, "project.manage", label.project_id)
    label = Label.objects.select_for_update().select_related("project").get(pk=label.pk)
    before = _label_state(label)
    unretired = retired is False and label.retired
    if retired is not None:
        if not isinstance(retired, bool):
            raise Invalid("`retired` is true or false.", field="retired")
        label.retired = retired
    if name is not None:
        label.name = _label_name(name)
    if color is not None:
        label.color = _label_colour(color)
    if shortcut is not None or unretired:
        # A label back in use must not share a key with one that took it meanwhile.
        new = label.shortcut if shortcut is None else shortcut
        label.shortcut = _label_shortcut(label.project, new, label=label)
    if guideline is not None:
        if not isinstance(guideline, str):
            raise Invalid("A label's guideline is text.", field="guideline")
        label.guideline = fields.storable("guideline", guideline)
    after = _label_state(label)
    if after == before:
        return label
    try:
        with transaction.atomic():
            label.save()
    except IntegrityError:
        raise Conflict("Another label took this shortcut meanwhile.", field="shortcut") from None
    action = "label.change"
    if before["retired"] != after["retired"]:
        action = "label.retire" if after["retired"] else "label.unretire"
    changes.record(
        project=label.project_id,
        actor=actor,
        action=action,
        summary=_label_summary(label, before, after),
        before=before,
        after=after,
    )
    return label


def membership_set(*, project: Project, user: AbstractBaseUser, role: str) -> Membership:
    if role not in Role.values:
        raise Invalid(
            f"Unknown role {role!r}; a role is one of {', '.join(Role.values)}.", field="role"
        )
    membership, _ = Membership.objects.update_or_create(
        project=project, user=user, defaults={"role": role}
    )
    return membership


def membership_add_by_username(
    *, project: Project, username: str, role: str, actor: AbstractBaseUser
) -> Membership:
    return member_add(project=project, username=username, role=role, actor=actor).membership


@dataclass(frozen=True)
class ArticleResult:
    article: Article
    created: bool  # False: the same text was in the project already; `article` is that one


def article_prepare(
    *, project: Project, created_by: AbstractBaseUser | None = None, **fields: object
) -> Article:
    """Validate and normalise an article without saving it. `fields` are parse.article's
    (title, text, url, outlet, published_at, external_id, language), each checked by its one
    validator (ingest/fields.py), the same on every path."""
    return article_of(parse.article(**fields), project=project, created_by=created_by)


def article_of(
    values: parse.ArticleValues, *, project: Project, created_by: AbstractBaseUser | None
) -> Article:
    """An unsaved article of validated values (the importer saves many at once)."""
    return Article(
        project=project,
        title=values.title,
        text=values.text,
        content_hash=values.content_hash,
        url=values.url,
        outlet=values.outlet,
        published_at=values.published_at,
        external_id=values.external_id,
        language=values.language,
        created_by=created_by,
    )


def article_create(**fields: object) -> ArticleResult:
    """Add one article; a text already in the project is reported as a duplicate, not stored.
    Its `created_by` must be allowed to add articles (None: the system, e.g. the demo)."""
    if fields.get("created_by") is not None:
        policy.require(fields["created_by"], "article.add", fields["project"])
    article = article_prepare(**fields)  # type: ignore[arg-type]
    existing = Article.objects.filter(
        project=article.project, content_hash=article.content_hash
    ).first()
    if existing:
        return ArticleResult(existing, created=False)
    if (
        article.external_id
        and Article.objects.filter(
            project=article.project, external_id=article.external_id
        ).exists()
    ):
        raise Conflict(
            f"Another article in this project has the external id {article.external_id!r}.",
            field="external_id",
        )
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:
        # Someone stored the same text between our check and our insert.
        existing = Article.objects.get(project=article.project, content_hash=article.content_hash)
        return ArticleResult(existing, created=False)
    articles_added([article])
    return ArticleResult(article, created=True)


def articles_added(articles: list[Article], *, suggest: bool = True) -> dict[int, int | None]:
    """Every path that stores new articles calls this once they are saved (ids assigned):
    article_create (API, workspace paste and upload, demo) and the JSON Lines importer.

    It detects each article's outlet (returned: article id → outlet id or None, so an importer
    needs no query to read them back) and, with `suggest`, runs the suggesters on the short
    ones. The importer passes suggest=False: on a 2,000-article import the suggesters cost
    several times the import itself, so there they run when the article is first opened
    (newsannot/suggestions/views.py); so do a long article's, in a background job there, as
    they would hold this request for seconds (suggestions.services.RUN_INLINE_MAX_CHARS).
    Imported here, not at the top: suggestions and outlets build on corpus, not the other way.
    """
    if not articles:
        return {}
    from newsannot.outlets.services import articles_detect_outlets

    detected = articles_detect_outlets(articles)
    if suggest:
        from newsannot.suggestions.services import RUN_INLINE_MAX_CHARS, suggest_for_articles

        short = [a for a in articles if len(a.text) <= RUN_INLINE_MAX_CHARS]
        suggest_for_articles(short, outlets_detected=True)
    return {pk: link.outlet_id if link else None for pk, link in detected.items()}


@transaction.atomic
def article_update_text(*, article: Article, text: object) -> Article:
    """Replace an article's text: only while it has no spans (offsets would point elsewhere)."""
    if article.spans.exists():
        raise Conflict(
            "This article's text cannot change: it has spans, and their offsets point into it."
        )
    normalised = parse.article_text(text).text
    article.text = normalised
    article.content_hash = content_hash(normalised)
    article.save(update_fields=["text", "content_hash", "updated_at"])
    return article


@transaction.atomic
def article_delete(*, article: Article, actor: AbstractBaseUser) -> ArticleDeletion:
    """Delete an article (managers). History outlives it: each of its spans leaves a delete row
    with its last state, and the deletion itself is recorded (ArticleDeletion).

    What only makes sense with the article goes with it through the ORM: its spans,
    assignments, suggestions and dismissals, and its detected outlet.
    """
    policy.require(actor, "article.delete", article.project_id)
    # The row locked first. A span written meanwhile has its foreign key checked at its commit,
    # which then waits for ours and finds no article (span_create says so): no span is stored
    # in between and swept away by the cascade below without its delete row.
    found = (
        Article.objects.select_for_update()
        .filter(pk=article.pk)
        .values("project_id", "title", "external_id", "content_hash")
        .first()
    )
    if found is None:
        raise NotFound(f"There is no article {article.pk} (it may have been deleted already).")
    counts = spans_delete_of_article(
        article_id=article.pk,
        actor=actor,
        reason=f"The article “{found['title'][:200]}” (id {article.pk}) was deleted.",
    )
    record = ArticleDeletion.objects.create(
        article_id=article.pk,
        actor=actor,
        spans_approved=counts.get("approved", 0),
        spans_pending=counts.get("pending", 0),
        spans_rejected=counts.get("rejected", 0),
        **found,
    )
    Article.objects.filter(pk=article.pk).delete()
    return record


@transaction.atomic
def project_delete(*, project: Project, actor: AbstractBaseUser) -> ProjectDeletion:
    """Delete a project (site admins) and everything in it, its spans' history included.

    A project is a corpus with its own record; deleting one is how a corpus is taken down for
    good (a licence ends, a test import is thrown away), so nothing of its content stays: not
    its texts, not the quotes its history holds. ProjectDeletion records that it happened and
    how much it held. Deleting one article, by contrast, keeps its spans' history.
    """
    if not policy.may_create_or_delete_projects(actor):
        raise Forbidden("Only site admins can delete projects.")
    spans = Span.objects.filter(project=project)
    counts = dict(spans.order_by().values_list("status").annotate(n=Count("id")))
    articles = Article.objects.filter(project=project).count()
    # Spans first, in one statement: their labels (deleted with the project) protect them.
    spans.delete()
    _, deleted = Project.objects.filter(pk=project.pk).delete()
    return ProjectDeletion.objects.create(
        project_id=project.pk,
        name=project.name,
        articles=articles,
        spans_approved=counts.get("approved", 0),
        spans_pending=counts.get("pending", 0),
        spans_rejected=counts.get("rejected", 0),
        history_rows=deleted.get("annotations.SpanHistory", 0),
        actor=actor,
    )
