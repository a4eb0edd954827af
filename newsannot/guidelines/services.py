"""Writing the guidelines (managers) and marking them read (anyone in the project)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Max, OuterRef, Subquery

from newsannot import policy
from newsannot.corpus.models import Project
from newsannot.guidelines.models import GuidelineRead, GuidelineVersion
from newsannot.ingest import fields
from newsannot.lib.errors import Conflict, Invalid, shown

MAX_CHARS = 200_000  # a long handbook fits; a pasted corpus does not


@transaction.atomic
def guidelines_update(
    *, project: Project, text: object, actor: AbstractBaseUser, based_on: object = None
) -> GuidelineVersion | None:
    """Save a new version (None when the text did not change). `based_on`: the version number
    the editor loaded; if someone saved another meanwhile, 409, so no change is lost silently."""
    policy.require(actor, "project.manage", project)
    if not isinstance(text, str):
        raise Invalid("The guidelines are text (Markdown).", field="text")
    text = fields.storable("text", text.replace("\r\n", "\n"))
    if len(text) > MAX_CHARS:
        raise Invalid(
            f"The guidelines are at most {MAX_CHARS:,} characters; these are {len(text):,}.",
            field="text",
        )
    project = Project.objects.select_for_update().get(pk=project.pk)  # one writer at a time
    last = latest_number(project)
    if based_on not in (None, "") and str(based_on) != str(last) and last == 0:
        raise Conflict(
            f"You edited version {shown(based_on)}, but the guidelines have no versions yet.",
            field="based_on",
        )
    if based_on not in (None, "") and str(based_on) != str(last):
        latest = GuidelineVersion.objects.select_related("author").get(project=project, number=last)
        who = latest.author.get_username() if latest.author else "someone"
        raise Conflict(
            f"{who} saved version {last} of the guidelines at {latest.created_at:%H:%M} UTC "
            "since you opened the editor. Copy your text, reload, and merge it in.",
            field="text",
        )
    if text == project.guidelines and (last or not text):  # nothing new (or nothing at all)
        return None
    project.guidelines = text
    project.save(update_fields=["guidelines"])
    try:
        with transaction.atomic():
            return GuidelineVersion.objects.create(
                project=project, number=last + 1, text=text, author=actor
            )
    except IntegrityError:  # only without the row lock above (it is there): say it anyway
        raise Conflict("Someone saved the guidelines at the same moment; reload.") from None


def latest_number(project: Project | int) -> int:
    project_id = project if isinstance(project, int) else project.pk
    found = GuidelineVersion.objects.filter(project_id=project_id).aggregate(n=Max("number"))
    return found["n"] or 0


def guidelines_read(*, project: Project, user: AbstractBaseUser, number: int) -> None:
    """`user` has opened version `number`; only a newer one makes the notice come back."""
    policy.require(user, "project.view", project)
    if not user.is_authenticated or number < 1:
        return
    row, created = GuidelineRead.objects.get_or_create(
        project=project, user=user, defaults={"number": number}
    )
    if not created and row.number < number:
        GuidelineRead.objects.filter(pk=row.pk, number__lt=number).update(number=number)


def unread_change(user: AbstractBaseUser, project: Project | int) -> GuidelineVersion | None:
    """The newest version if it changed since the user last read the guidelines (and they did
    not write it themselves); None otherwise. One query."""
    if not user.is_authenticated:
        return None
    project_id = project if isinstance(project, int) else project.pk
    seen = GuidelineRead.objects.filter(project_id=OuterRef("project_id"), user=user)
    latest = (
        GuidelineVersion.objects.filter(project_id=project_id)
        .annotate(seen=Subquery(seen.values("number")[:1]))
        .select_related("author")
        .defer("text")
        .order_by("-number")
        .first()
    )
    if latest is None or latest.author_id == user.pk:
        return None
    return latest if latest.seen is None or latest.seen < latest.number else None
