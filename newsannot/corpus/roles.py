"""Who may do what in a project. One place, used by every page and endpoint.

analyst: annotates.  reviewer: annotates and reviews.  manager: everything in the project.
Site admins (superusers) may do everything everywhere.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from newsannot.corpus.models import Membership, Project, Role
from newsannot.lib.errors import Forbidden

User = AbstractBaseUser | AnonymousUser

ANNOTATE = {Role.ANALYST, Role.REVIEWER, Role.MANAGER}
REVIEW = {Role.REVIEWER, Role.MANAGER}
MANAGE = {Role.MANAGER}


def is_site_admin(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def role_in(user: User, project: Project | int) -> str | None:
    """The user's role in the project, "admin" for site admins, None for non-members."""
    if not user.is_authenticated or not user.is_active:
        return None
    if is_site_admin(user):
        return "admin"
    project_id = project if isinstance(project, int) else project.pk
    # Cached per request object so a page asking several questions makes one query.
    cache = user.__dict__.setdefault("_newsannot_roles", {})
    if project_id not in cache:
        cache[project_id] = (
            Membership.objects.filter(user=user, project_id=project_id)
            .values_list("role", flat=True)
            .first()
        )
    return cache[project_id]


def _has(user: User, project: Project | int, roles: set[str]) -> bool:
    role = role_in(user, project)
    return role == "admin" or role in roles


def can_view(user: User, project: Project | int) -> bool:
    return role_in(user, project) is not None


def can_annotate(user: User, project: Project | int) -> bool:
    return _has(user, project, ANNOTATE)


def can_review(user: User, project: Project | int) -> bool:
    return _has(user, project, REVIEW)


def can_manage(user: User, project: Project | int) -> bool:
    return _has(user, project, MANAGE)


def require_view(user: User, project: Project | int) -> None:
    if not can_view(user, project):
        raise Forbidden("You are not a member of this project.")


def require_annotate(user: User, project: Project | int) -> None:
    if not can_annotate(user, project):
        raise Forbidden("You are not a member of this project, so you cannot annotate in it.")


def require_review(user: User, project: Project | int) -> None:
    if not can_review(user, project):
        raise Forbidden("Only reviewers and managers of this project can review spans.")


def require_manage(user: User, project: Project | int) -> None:
    if not can_manage(user, project):
        raise Forbidden("Only managers of this project can do this.")


def visible_projects(user: User) -> QuerySet[Project]:
    if is_site_admin(user):
        return Project.objects.all()
    if not user.is_authenticated:
        return Project.objects.none()
    return Project.objects.filter(memberships__user=user)
