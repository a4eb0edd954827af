from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def review_queue(request: HttpRequest, project_id: int) -> HttpResponse:
    return HttpResponse("Not built yet", status=501)


def project_dashboard(request: HttpRequest, project_id: int) -> HttpResponse:
    return HttpResponse("Not built yet", status=501)


def article_review(request: HttpRequest, article_id: int) -> HttpResponse:
    return HttpResponse("Not built yet", status=501)
