"""Who may do what: one table, read by the services (which enforce it) and by both faces.

Each action of a project lists the roles that may do it; site admins may do everything. The
browser's pages and the API's endpoints never decide on their own: they call the services, which
call `require()`, or ask `allowed()` to show or hide a button. Rules that depend on the thing as
well as the role live here too, each once: whose spans a user sees (`visible_spans`), which spans
they may change (`may_edit_span`), and that nobody reviews their own span (`may_review_span`).

README.md's "Who may do what" table is generated from this one (`markdown_table()`), and
tests/security/test_policy.py checks both faces of every action against it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from newsannot.corpus.roles import is_site_admin, role_in
from newsannot.lib.errors import Forbidden

User = AbstractBaseUser | AnonymousUser

ANALYST, REVIEWER, MANAGER, ADMIN = "analyst", "reviewer", "manager", "admin"
ROLES = (ANALYST, REVIEWER, MANAGER, ADMIN)
EVERYONE = frozenset(ROLES)
ANNOTATORS = EVERYONE
REVIEWERS = frozenset({REVIEWER, MANAGER, ADMIN})
MANAGERS = frozenset({MANAGER, ADMIN})


@dataclass(frozen=True)
class Action:
    key: str
    roles: frozenset[str]
    what: str  # for README's table: "see the project, its labels and articles"
    refused: str  # the message a refusal carries, for the person refused


def _a(key: str, roles: frozenset[str], what: str, refused: str) -> Action:
    return Action(key, roles, what, refused)


# fmt: off
ACTIONS: dict[str, Action] = {a.key: a for a in [
    _a("project.view", EVERYONE, "see the project, its labels, guidelines and articles",
       "You are not a member of this project."),
    _a("span.create", ANNOTATORS,
       "annotate: create spans and relations, change their own pending ones, mark articles done",
       "You are not a member of this project, so you cannot annotate in it."),
    _a("span.see_all", REVIEWERS,
       "see every analyst's spans and assignments, and every article of an `assigned` project "
       "(analysts: their own spans and approved ones, their own articles)",
       "Only reviewers and managers of this project can see everyone's spans."),
    _a("span.review", REVIEWERS, "approve or reject others' spans and relations (never their own)",
       "Only reviewers and managers of this project can review."),
    _a("span.edit_any", MANAGERS, "change or delete anyone's span, reopen decided ones",
       "Only managers of this project can change others' spans or reopen decided ones."),
    _a("project.dashboard", REVIEWERS, "see the dashboard: progress, agreement, acceptance",
       "Only reviewers and managers of this project can see its dashboard."),
    _a("article.add", MANAGERS, "add articles (paste, files) and import JSON Lines",
       "Only managers of this project can add or import articles."),
    _a("article.delete", MANAGERS, "delete articles (their history stays)",
       "Only managers of this project can delete articles."),
    _a("corpus.export", MANAGERS, "export the corpus, in any format and status",
       "Only managers of this project can export its corpus."),
    _a("release.create", MANAGERS,
       "freeze the gold as a named release; list, download and compare releases",
       "Only managers of this project can make or download its releases."),
    _a("project.manage", MANAGERS, "manage members, labels, guidelines, settings and the workload",
       "Only managers of this project can do this."),
    _a("jobs.see_all", MANAGERS, "see everyone's background jobs (others see their own)",
       "Only managers of this project can see everyone's jobs."),
]}
# fmt: on


def allowed(user: User, action: str, project: object) -> bool:
    """May the user do `action` in `project` (a Project or its id)?"""
    rule = ACTIONS[action]  # an unknown action is a programming error: KeyError, loudly
    role = role_in(user, project)  # type: ignore[arg-type]
    return role is not None and role in rule.roles


def require(user: User, action: str, project: object, message: str | None = None) -> None:
    if not allowed(user, action, project):
        raise Forbidden(message or ACTIONS[action].refused)


# -- site-wide --------------------------------------------------------------------------------


def may_create_or_delete_projects(user: User) -> bool:
    return is_site_admin(user)


def may_manage_outlets(user: User) -> bool:
    """The outlet registry is shared by every project: its managers and site admins edit it."""
    if is_site_admin(user):
        return True
    if not user.is_authenticated:
        return False
    from newsannot.corpus.models import Membership, Role

    return Membership.objects.filter(user=user, role=Role.MANAGER).exists()


# -- rules on things as well as roles ---------------------------------------------------------


def visible_spans(user: User, project: object, *, within: QuerySet | None = None) -> QuerySet:
    """The spans of a project this user may see: everyone's for reviewers and managers; an
    analyst's own and the approved ones (they should not be nudged by colleagues' undecided work),
    in an `assigned` project the approved ones on their own articles only. The one place this
    is decided; pages filter further (e.g. "mine") but never widen it.

    `within`: spans already narrowed to this project by the caller (e.g. by a range of its
    article ids, which keeps a query's plan on one index); else the project's spans."""
    from newsannot.annotations.models import Span, Status

    project_id = project if isinstance(project, int) else project.pk  # type: ignore[attr-defined]
    spans = within if within is not None else Span.objects.filter(project_id=project_id)
    if allowed(user, "span.see_all", project_id):
        return spans
    if not allowed(user, "project.view", project_id):
        return spans.none()
    if not sees_every_article(user, project_id):
        # An `assigned` project: others' approved spans only on their own articles (a span
        # quotes its article's text).
        on_mine = Q(article_id__in=_assigned_to(user, project_id))
        return spans.filter(Q(annotator=user) | (Q(status=Status.APPROVED) & on_mine))
    return spans.filter(Q(annotator=user) | Q(status=Status.APPROVED))


def _assigned_to(user: User, project_id: int) -> QuerySet:
    from newsannot.workload.models import Assignment

    return Assignment.objects.filter(analyst=user, project_id=project_id).values("article_id")


def may_see_span(user: User, span: object) -> bool:
    from newsannot.annotations.models import Status

    if allowed(user, "span.see_all", span.project_id):  # type: ignore[attr-defined]
        return True
    if not allowed(user, "project.view", span.project_id):  # type: ignore[attr-defined]
        return False
    if span.annotator_id == user.pk:  # type: ignore[attr-defined]
        return True
    if span.status != Status.APPROVED:  # type: ignore[attr-defined]
        return False
    return sees_every_article(user, span.project_id) or (  # type: ignore[attr-defined]
        _assigned_to(user, span.project_id).filter(article_id=span.article_id).exists()  # type: ignore[attr-defined]
    )


def may_edit_span(user: User, span: object) -> bool:
    """Annotators change their own pending spans; managers change any span."""
    from newsannot.annotations.models import Status

    if allowed(user, "span.edit_any", span.project_id):  # type: ignore[attr-defined]
        return True
    return (
        allowed(user, "span.create", span.project_id)  # type: ignore[attr-defined]
        and span.annotator_id == user.pk  # type: ignore[attr-defined]
        and span.status == Status.PENDING  # type: ignore[attr-defined]
    )


def require_edit_span(user: User, span: object, what: str = "span") -> None:
    """Refuse unless may_edit_span; `what` names the thing (a relation follows the same rule)."""
    from newsannot.annotations.models import Status

    if may_edit_span(user, span):
        return
    require(user, "span.create", span.project_id)  # type: ignore[attr-defined]
    if span.annotator_id != user.pk:  # type: ignore[attr-defined]
        raise Forbidden(f"You can only change or delete your own {what}s.")
    if span.status != Status.PENDING:  # type: ignore[attr-defined]
        raise Forbidden(
            f"This {what} is {span.status}, so it is read-only; a manager can reopen it."  # type: ignore[attr-defined]
        )


def require_review_span(user: User, span: object, what: str = "span") -> None:
    require(user, "span.review", span.project_id)  # type: ignore[attr-defined]
    if span.annotator_id == user.pk:  # type: ignore[attr-defined]
        raise Forbidden(f"You cannot review your own {what}; another reviewer has to.")


def visible_relations(user: User, project: object, *, within: QuerySet | None = None) -> QuerySet:
    """The relations of a project this user may see: by the spans' rule (visible_spans), for
    the relation itself and for both its ends. Reviewers and managers see every relation."""
    from newsannot.annotations.models import Relation, Status

    project_id = project if isinstance(project, int) else project.pk  # type: ignore[attr-defined]
    relations = within if within is not None else Relation.objects.filter(project_id=project_id)
    if allowed(user, "span.see_all", project_id):
        return relations
    if not allowed(user, "project.view", project_id):
        return relations.none()
    approved = Status.APPROVED
    return relations.filter(
        Q(annotator=user) | Q(status=approved),
        Q(from_span__annotator=user) | Q(from_span__status=approved),
        Q(to_span__annotator=user) | Q(to_span__status=approved),
    )


def may_see_relation(user: User, relation: object) -> bool:
    """The relation and both its ends visible (the spans must be loaded with it)."""
    return (
        may_see_span(user, relation)
        and may_see_span(user, relation.from_span)  # type: ignore[attr-defined]
        and may_see_span(user, relation.to_span)  # type: ignore[attr-defined]
    )


# -- which articles -----------------------------------------------------------------------------


def sees_every_article(user: User, project: object) -> bool:
    """In an `open` project every member sees every article; in an `assigned` one analysts see
    only theirs (reviewers and managers: all)."""
    from newsannot.corpus.models import AssignmentMode, Project

    if not allowed(user, "project.view", project):
        return False
    if allowed(user, "span.see_all", project):
        return True
    # Cached per user object, as roles are (corpus/roles.py): a page asks more than once, by
    # the project or by its id.
    cache = user.__dict__.setdefault("_newsannot_modes", {})
    if isinstance(project, Project):
        cache[project.pk] = project.assignment
    elif project not in cache:
        cache[project] = Project.objects.filter(pk=project).values_list("assignment", flat=True)[0]
    return cache[project if not isinstance(project, Project) else project.pk] == AssignmentMode.OPEN


def visible_articles(user: User, project: object, *, within: QuerySet | None = None) -> QuerySet:
    """The articles of a project this user may see and annotate: the one rule every path uses
    (article list, annotate page, the API's list and detail, span create). Analysts of an
    `assigned` project see the articles assigned to them, done or not; everyone else, all."""
    from newsannot.corpus.models import Article

    project_id = project if isinstance(project, int) else project.pk  # type: ignore[attr-defined]
    articles = within if within is not None else Article.objects.filter(project_id=project_id)
    if sees_every_article(user, project):
        return articles
    if not allowed(user, "project.view", project_id):
        return articles.none()
    return articles.filter(pk__in=_assigned_to(user, project_id))


def may_see_article(user: User, article: object) -> bool:
    from newsannot.corpus.models import Article
    from newsannot.workload.models import Assignment

    # The project object if the caller loaded it with the article, else its id (no query).
    cached = Article.project.is_cached(article)  # type: ignore[attr-defined]
    project = article.project if cached else article.project_id  # type: ignore[attr-defined]
    if sees_every_article(user, project):
        return True
    if not allowed(user, "project.view", project):
        return False
    return Assignment.objects.filter(article_id=article.pk, analyst=user).exists()  # type: ignore[attr-defined]


def require_see_article(user: User, article: object) -> None:
    """Members who may not see an article are told it is not there (as for spans), not 403:
    an analyst should not learn which articles exist outside their share."""
    from newsannot.lib.errors import NotFound

    require(user, "project.view", article.project_id)  # type: ignore[attr-defined]
    if not may_see_article(user, article):
        raise NotFound(f"There is no article {article.pk} assigned to you.")  # type: ignore[attr-defined]


# -- the table as README shows it ---------------------------------------------------------------


def markdown_table() -> str:
    head = "| | analyst | reviewer | manager | site admin |\n|---|---|---|---|---|\n"
    rows = [
        f"| {a.what} | " + " | ".join("yes" if role in a.roles else "no" for role in ROLES) + " |"
        for a in ACTIONS.values()
    ]
    rows.append("| create projects, edit the outlet registry | no | no | registry only | yes |")
    return head + "\n".join(rows) + "\n"
