"""A user's role in a project (one cached query a request), and the projects they belong to.

What each role may do is newsannot/policy.py's table: ask it, never the role directly.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from newsannot.corpus.models import Membership, Project

User = AbstractBaseUser | AnonymousUser


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


def visible_projects(user: User) -> QuerySet[Project]:
    if is_site_admin(user):
        return Project.objects.all()
    if not user.is_authenticated:
        return Project.objects.none()
    return Project.objects.filter(memberships__user=user)
