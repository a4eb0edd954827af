from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from newsannot.corpus import roles
from newsannot.corpus.models import Membership


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    my_role = Membership.objects.filter(project=OuterRef("pk"), user=request.user).values("role")
    projects = (
        roles.visible_projects(request.user)
        .annotate(role=Subquery(my_role[:1]), article_count=Count("articles", distinct=True))
        .order_by("name")
    )
    return render(request, "workspace/project_list.html", {"projects": projects})
