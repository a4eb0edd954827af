"""A user's role in a project (one cached query a request), and the projects they belong to.

What each role may do is newsannot/policy.py's table: ask it, never the role directly.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

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


def member_role(user: User, project: Project | int) -> str:
    """role_in for a page of the project: someone outside it is told that it does not exist
    (404, as for a project that does not), not that it is someone else's."""
    role = role_in(user, project)
    if role is None:
        raise Http404("No such project.")
    return role


def member_project(user: User, project_id: int) -> tuple[Project, str]:
    """The project of a page's URL and the user's role in it; 404 for outsiders."""
    project = get_object_or_404(Project, pk=project_id)
    return project, member_role(user, project)


def role_subquery(user: AbstractBaseUser) -> Subquery:
    """role_in's question as a subquery over a row with a project_id (an article's): read
    along with that row, then handed to remember_role."""
    memberships = Membership.objects.filter(user=user, project_id=OuterRef("project_id"))
    return Subquery(memberships.order_by().values("role")[:1])


def remember_role(user: User, project_id: int, role: str | None) -> None:
    """What role_in would read, read already (role_subquery): role_in asks no more."""
    if user.is_authenticated:
        user.__dict__.setdefault("_newsannot_roles", {})[project_id] = role


def visible_projects(user: User) -> QuerySet[Project]:
    if is_site_admin(user):
        return Project.objects.all()
    if not user.is_authenticated:
        return Project.objects.none()
    return Project.objects.filter(memberships__user=user)
