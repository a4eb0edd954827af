"""`{% allowed "project.manage" project as may_manage %}`: the policy table, asked by a template
to show or hide a link. Hiding is a courtesy; the service behind the link refuses anyway."""

from __future__ import annotations

from django import template

from newsannot import policy

register = template.Library()


@register.simple_tag(takes_context=True)
def allowed(context: template.Context, action: str, project: object) -> bool:
    request = context.get("request")
    return request is not None and policy.allowed(request.user, action, project)
