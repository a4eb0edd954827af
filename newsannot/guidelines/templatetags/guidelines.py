"""`{% guidelines_notice project %}`: "the guidelines changed since you last read them", on the
pages where people annotate, until they open the guidelines page."""

from __future__ import annotations

from django import template

from newsannot.guidelines.services import unread_change

register = template.Library()


@register.inclusion_tag("guidelines/_notice.html", takes_context=True)
def guidelines_notice(context: template.Context, project: object) -> dict:
    request = context.get("request")
    change = unread_change(request.user, project) if request is not None else None
    return {"project": project, "change": change}
