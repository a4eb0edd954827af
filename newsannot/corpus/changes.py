"""The console's history: each change to a project's members and labels, who made it and when
(ProjectChange). Written by the services in the same transaction as the change itself."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from newsannot.corpus.models import Project, ProjectChange


def record(
    *,
    project: Project | int,
    actor: AbstractBaseUser | None,
    action: str,
    summary: str,
    **detail: object,
) -> ProjectChange:
    project_id = project if isinstance(project, int) else project.pk
    return ProjectChange.objects.create(
        project_id=project_id,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        summary=summary[:500],
        detail=detail,
    )


def recent(project: Project, *, prefix: str, limit: int = 15) -> QuerySet[ProjectChange]:
    """The newest changes whose action starts with `prefix` ("member.", "label.")."""
    return (
        ProjectChange.objects.filter(project=project, action__startswith=prefix)
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )
