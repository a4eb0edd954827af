"""A project's members: who they are, adding one, changing a role, removing one.

The members page and the API's /members/ endpoints both call these. Removing a member deletes
only their membership: their spans, decisions and history stay (they are the project's record,
and a removed analyst's approved spans are still the corpus). A project always keeps at least
one manager once it has one, so nobody can lock the team out of its own console by accident.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet

from newsannot import policy
from newsannot.corpus import changes
from newsannot.corpus.models import Membership, Project, Role
from newsannot.ingest import fields
from newsannot.lib.errors import Conflict, Invalid, NotFound, shown


def members_of(project: Project) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(project=project)
        .select_related("user")
        .order_by("user__username", "pk")
    )


@dataclass(frozen=True)
class MemberResult:
    membership: Membership
    created: bool  # False: they were a member already; their role is now `role`


def _valid_role(role: object) -> str:
    if role not in Role.values:
        raise Invalid(
            f"Unknown role {shown(role)}; a role is one of {', '.join(Role.values)}.",
            field="role",
        )
    return role  # type: ignore[return-value]


def _lock(project: Project) -> None:
    """One member write at a time per project: the project's row is the lock. Two managers
    demoting each other at once then cannot both succeed (each would see the other still a
    manager), and with one lock taken first there is no order in which two writes deadlock."""
    Project.objects.select_for_update().filter(pk=project.pk).values_list("pk").first()


def _refuse_losing_last_manager(membership: Membership, *, new_role: str | None) -> None:
    """`new_role` None: the member is being removed. The caller holds the project's lock."""
    if membership.role != Role.MANAGER or new_role == Role.MANAGER:
        return
    managers = Membership.objects.filter(project_id=membership.project_id, role=Role.MANAGER)
    if list(managers.values_list("pk", flat=True)) == [membership.pk]:
        doing = "remove" if new_role is None else "demote"
        raise Conflict(
            f"{membership.user.get_username()} is this project's last manager; make someone "
            f"else a manager before you {doing} them.",
            field="role",
        )


def _membership(project: Project, user_id: object) -> Membership:
    membership = (
        Membership.objects.select_related("user")
        .filter(project=project, user_id=user_id if isinstance(user_id, int) else -1)
        .first()
    )
    if membership is None:
        raise NotFound("This user is not a member of this project.")
    return membership


@transaction.atomic
def member_add(
    *, project: Project, username: object, role: object, actor: AbstractBaseUser
) -> MemberResult:
    """Add an existing user by username; someone already a member gets the new role."""
    policy.require(actor, "project.manage", project)
    role = _valid_role(role)
    name = fields.storable("username", username).strip() if isinstance(username, str) else ""
    if not name:
        raise Invalid("Give the username of the person to add.", field="username")
    user = get_user_model().objects.filter(username=name).first()
    if user is None:
        raise Invalid(
            f"There is no user named {shown(name)}; a site admin creates accounts.",
            field="username",
        )
    _lock(project)
    membership = (
        Membership.objects.select_related("user").filter(project=project, user=user).first()
    )
    if membership is not None:
        return MemberResult(_change(membership, role, actor), created=False)
    membership = Membership.objects.create(project=project, user=user, role=role)
    changes.record(
        project=project,
        actor=actor,
        action="member.add",
        summary=f"{name} added as {role}",
        user_id=user.pk,
        role=role,
    )
    return MemberResult(membership, created=True)


def _change(membership: Membership, role: str, actor: AbstractBaseUser) -> Membership:
    if membership.role != role:
        _refuse_losing_last_manager(membership, new_role=role)
        before, membership.role = membership.role, role
        membership.save(update_fields=["role"])
        changes.record(
            project=membership.project_id,
            actor=actor,
            action="member.role",
            summary=f"{membership.user.get_username()}: {before} → {role}",
            user_id=membership.user_id,
            before=before,
            after=role,
        )
    return membership


@transaction.atomic
def member_set_role(
    *, project: Project, user_id: object, role: object, actor: AbstractBaseUser
) -> Membership:
    policy.require(actor, "project.manage", project)
    role = _valid_role(role)
    _lock(project)
    return _change(_membership(project, user_id), role, actor)


@transaction.atomic
def member_remove(*, project: Project, user_id: object, actor: AbstractBaseUser) -> None:
    """The membership goes; the member's spans, reviews, history and finished articles stay;
    their unfinished assignments go back to the pool, for `next` to hand out again."""
    from newsannot.workload.services import member_left  # workload builds on corpus

    policy.require(actor, "project.manage", project)
    _lock(project)
    membership = _membership(project, user_id)
    _refuse_losing_last_manager(membership, new_role=None)
    membership.delete()
    changes.record(
        project=project,
        actor=actor,
        action="member.remove",
        summary=f"{membership.user.get_username()} removed (was {membership.role})",
        user_id=membership.user_id,
        before=membership.role,
    )
    member_left(project=project, user=membership.user)
