"""The REST API, /api/v1/. Thin: every write goes through corpus/annotations services.

Who sees what: members of a project see its projects, labels and articles. Reviewers, managers
and site admins see every span; analysts see their own spans plus approved ones (they should
not be nudged by colleagues' undecided work). Members are listed and added by managers.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, logout
from django.db.models import QuerySet, prefetch_related_objects
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from knox.models import AuthToken
from rest_framework import status as http
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from newsannot import policy
from newsannot.annotations import relations as links
from newsannot.annotations import services as spans
from newsannot.annotations import sources as who
from newsannot.annotations.models import Relation, Span, Status
from newsannot.api import serializers as s
from newsannot.api.errors import PayloadTooLarge, UnsupportedMediaType, exception_handler
from newsannot.api.pagination import IdCursor, RecentFirst
from newsannot.api.parsers import JSONParser
from newsannot.corpus import members, roles
from newsannot.corpus.models import Article, Label, Membership, Project
from newsannot.corpus.services import (
    article_create,
    article_delete,
    label_create,
    label_update,
    membership_add_by_username,
    project_create,
)
from newsannot.exporters import FORMATS
from newsannot.exporters.download import export_download
from newsannot.exporters.source import LAYERS, STATUSES
from newsannot.guidelines import markup as guidelines_markup
from newsannot.guidelines.models import GuidelineVersion
from newsannot.guidelines.services import guidelines_update
from newsannot.ingest.jsonl import import_jsonl
from newsannot.jobs import selectors as job_selectors
from newsannot.jobs.handlers import report_body
from newsannot.jobs.models import Kind
from newsannot.jobs.services import job_cancel, job_start
from newsannot.jobs.uploads import store_upload
from newsannot.lib.errors import Forbidden, Invalid, NotFound
from newsannot.lib.ids import optional_int
from newsannot.lib.spreadsheet import escape_cell
from newsannot.middleware import declares_more_than
from newsannot.releases import selectors as release_selectors
from newsannot.releases import services as release_services
from newsannot.workload import selectors as workload_selectors
from newsannot.workload import services as workload
from newsannot.workload.models import Assignment

NDJSON_TYPES = {"application/x-ndjson", "application/jsonl", "application/json-lines"}
ERRORS = {
    400: s.ErrorSerializer,
    401: s.ErrorSerializer,
    403: s.ErrorSerializer,
    404: s.ErrorSerializer,
}


class Api(APIView):
    # JSON only (the import sets its own): the schema then promises no form bodies, whose empty
    # fields DRF reads as missing ones.
    parser_classes = [JSONParser]

    def get_exception_handler(self):
        return exception_handler


class IgnoreFormatParam(DefaultContentNegotiation):
    """`?format=` names the export format here, not a DRF renderer."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def _valid(serializer_class: type[s.WriteSerializer], data: Any, **kwargs: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise Invalid("The request body must be a JSON object.")
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _page(request: Request, view: APIView, queryset: QuerySet, serializer: type) -> Response:
    paginator = IdCursor()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer(page, many=True).data)


def _since(request: Request) -> dt.datetime | None:
    raw = request.query_params.get("updated_since")
    if raw is None:
        return None
    problem = Invalid(
        f"updated_since must be an ISO 8601 date or date-time, e.g. 2024-05-01T00:00:00Z, "
        f"not {raw!r}.",
        field="updated_since",
    )
    try:
        value = parse_datetime(raw)
        if value is None and (day := parse_date(raw)) is not None:
            value = dt.datetime.combine(day, dt.time())
        if value is None:
            raise problem
        if timezone.is_naive(value):
            return timezone.make_aware(value, dt.UTC)
        # In UTC: PostgreSQL refuses offsets beyond ±15:59 that Python accepts.
        return value.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        raise problem from None


def _project(request: Request, project_id: int) -> Project:
    project = Project.objects.filter(pk=project_id).first()
    if project is None:
        raise NotFound(f"There is no project {project_id}.")
    policy.require(request.user, "project.view", project)
    return project


def _article(request: Request, article_id: int) -> Article:
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        raise NotFound(f"There is no article {article_id}.")
    policy.require_see_article(request.user, article)
    return article


def visible_spans(user: Any, project_id: int) -> QuerySet[Span]:
    return policy.visible_spans(user, project_id).select_related("label", "annotator", "reviewer")


def _seen(request: Request, found: Any, noun: str, pk: int, may_see: Callable) -> Any:
    """A span or relation by id for a project member who may see it; one they may not see is
    a 404 as if it did not exist (a 403 would tell them it does)."""
    if found is None:
        raise NotFound(f"There is no {noun} {pk}.")
    policy.require(request.user, "project.view", found.project_id)
    if not may_see(request.user, found):
        raise NotFound(f"There is no {noun} {pk} that you can see.")
    return found


def _span(request: Request, span_id: int) -> Span:
    related = ("label", "annotator", "reviewer", "article")
    found = Span.objects.select_related(*related).filter(pk=span_id).first()
    return _seen(request, found, "span", span_id, policy.may_see_span)


def _relation(request: Request, relation_id: int) -> Relation:
    related = ("type", "annotator", "reviewer", "from_span__label", "to_span__label")
    found = Relation.objects.select_related(*related).filter(pk=relation_id).first()
    return _seen(request, found, "relation", relation_id, policy.may_see_relation)


SPAN_FILTERS = [
    OpenApiParameter("label", str, description="A label key."),
    OpenApiParameter("status", str, enum=Status.values),
    OpenApiParameter("annotator", str, description="A username."),
    OpenApiParameter("updated_since", OpenApiTypes.DATETIME),
]


def _by_status(request: Request, queryset: QuerySet) -> QuerySet:
    """`?status=`, a review status, for spans and relations alike."""
    if (status := request.query_params.get("status")) is not None:
        if status not in Status.values:
            raise Invalid(
                f"Unknown status {status!r}; it is one of {', '.join(Status.values)}.",
                field="status",
            )
        queryset = queryset.filter(status=status)
    return queryset


# A DELETE names the version it deletes in the query string (it has no body).
VERSION_PARAM = OpenApiParameter("version", int, description="Refuse if changed since.")


def _version(request: Request) -> int | None:
    return optional_int(request.query_params.get("version"), field="version")


def _filter_spans(request: Request, queryset: QuerySet[Span]) -> QuerySet[Span]:
    params = request.query_params
    if label := params.get("label"):
        queryset = queryset.filter(label__key=label)
    queryset = _by_status(request, queryset)
    if annotator := params.get("annotator"):
        queryset = queryset.filter(annotator__username=annotator)
    if outlet := params.get("outlet"):
        queryset = queryset.filter(article__outlet=outlet)
    if (since := _since(request)) is not None:
        queryset = queryset.filter(updated_at__gte=since)
    return queryset


# -- auth ---------------------------------------------------------------------------------------


class TokenView(Api):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=s.TokenInSerializer,
        responses={200: s.TokenOutSerializer, 400: s.ErrorSerializer},
        summary="Trade a username and password for an API token",
    )
    def post(self, request: Request) -> Response:
        data = _valid(s.TokenInSerializer, request.data)
        user = authenticate(request._request, username=data["username"], password=data["password"])
        if user is None:
            raise Invalid("Unknown username or wrong password.")
        _, token = AuthToken.objects.create(user)
        return Response({"token": token})


class LogoutView(Api):
    @extend_schema(request=None, responses={204: None}, summary="Revoke the token used")
    def post(self, request: Request) -> Response:
        if isinstance(request.auth, AuthToken):
            request.auth.delete()
        else:
            logout(request._request)
        return Response(status=http.HTTP_204_NO_CONTENT)


# -- projects and members -----------------------------------------------------------------------


class ProjectListView(Api):
    pagination_class = IdCursor  # documents the GET as a cursor page, as _page answers

    @extend_schema(responses={200: s.ProjectSerializer(many=True), **ERRORS})
    def get(self, request: Request) -> Response:
        return _page(request, self, roles.visible_projects(request.user), s.ProjectSerializer)

    @extend_schema(
        request=s.ProjectInSerializer,
        responses={201: s.ProjectDetailSerializer, **ERRORS},
        description="Site admins only. Without `labels` the project gets the three defaults.",
    )
    def post(self, request: Request) -> Response:
        if not policy.may_create_or_delete_projects(request.user):
            raise Forbidden("Only site admins can create projects.")  # before reading the body
        data = _valid(s.ProjectInSerializer, request.data)
        labels = [dict(label) for label in data["labels"]] if "labels" in data else None
        project = project_create(
            name=data["name"],
            labels=labels,
            description=data["description"],
            guidelines=data["guidelines"],
            actor=request.user,
        )
        return Response(s.ProjectDetailSerializer(project).data, status=http.HTTP_201_CREATED)


class ProjectView(Api):
    @extend_schema(responses={200: s.ProjectDetailSerializer, **ERRORS})
    def get(self, request: Request, project_id: int) -> Response:
        project = _project(request, project_id)
        prefetch_related_objects([project], "labels__attributes", "relation_types")
        return Response(s.ProjectDetailSerializer(project).data)

    @extend_schema(
        request=s.ProjectPatchSerializer,
        responses={200: s.ProjectDetailSerializer, **ERRORS},
        description="Managers: the project's settings. `assignment`: `open` (analysts see "
        "every article) or `assigned` (only theirs); `overlap`: analysts per article, 1 to 5; "
        "`granularity`: what mouse selections snap to, `word` or `character`.",
    )
    def patch(self, request: Request, project_id: int) -> Response:
        project = _project(request, project_id)
        policy.require(request.user, "project.manage", project)  # before reading the body
        data = _valid(s.ProjectPatchSerializer, request.data)
        project = workload.project_settings_update(project=project, actor=request.user, **data)
        return Response(s.ProjectDetailSerializer(project).data)


class LabelListView(Api):
    @extend_schema(responses={200: s.LabelSerializer(many=True), **ERRORS})
    def get(self, request: Request, project_id: int) -> Response:
        project = _project(request, project_id)
        return Response(s.LabelSerializer(project.labels.all(), many=True).data)

    @extend_schema(
        request=s.LabelInSerializer,
        responses={201: s.LabelSerializer, 409: s.ErrorSerializer, **ERRORS},
        description="Managers. `color` is #rrggbb; `shortcut` one key, unique in the project.",
    )
    def post(self, request: Request, project_id: int) -> Response:
        project = _project(request, project_id)
        policy.require(request.user, "project.manage", project)  # before reading the body
        data = _valid(s.LabelInSerializer, request.data)
        label = label_create(project=project, actor=request.user, **data)
        return Response(s.LabelSerializer(label).data, status=http.HTTP_201_CREATED)


class LabelView(Api):
    @extend_schema(
        request=s.LabelPatchSerializer,
        responses={200: s.LabelSerializer, 409: s.ErrorSerializer, **ERRORS},
        description=(
            "Managers: rename, recolour, change the shortcut or guideline, retire "
            "(`retired: true`: offered for no new span; its spans stay and are exported)."
        ),
    )
    def patch(self, request: Request, project_id: int, label_id: int) -> Response:
        project = _project(request, project_id)
        policy.require(request.user, "project.manage", project)  # before reading the body
        label = Label.objects.filter(project=project, pk=label_id).first()
        if label is None:
            raise NotFound(f"This project has no label {label_id}.")
        data = _valid(s.LabelPatchSerializer, request.data)
        label = label_update(label=label, actor=request.user, **data)
        return Response(s.LabelSerializer(label).data)


class GuidelinesView(Api):
    @staticmethod
    def _body(project: Project) -> dict[str, Any]:
        versions = list(
            GuidelineVersion.objects.filter(project=project)
            .select_related("author")
            .defer("text")
            .order_by("-number")
        )
        return {
            "version": versions[0].number if versions else 0,
            "text": project.guidelines,
            "html": str(guidelines_markup.render(project.guidelines)),
            "versions": versions,
        }

    @extend_schema(responses={200: s.GuidelinesSerializer, **ERRORS})
    def get(self, request: Request, project_id: int) -> Response:
        project = _project(request, project_id)
        return Response(s.GuidelinesSerializer(self._body(project)).data)

    @extend_schema(
        request=s.GuidelinesInSerializer,
        responses={200: s.GuidelinesSerializer, 409: s.ErrorSerializer, **ERRORS},
        description="Managers. Saves a new version (none if the text is unchanged).",
    )
    def put(self, request: Request, project_id: int) -> Response:
        project = _project(request, project_id)
        policy.require(request.user, "project.manage", project)  # before reading the body
        data = _valid(s.GuidelinesInSerializer, request.data)
        guidelines_update(
            project=project, text=data["text"], actor=request.user, based_on=data.get("based_on")
        )
        project.refresh_from_db(fields=["guidelines"])
        return Response(s.GuidelinesSerializer(self._body(project)).data)


class MemberListView(Api):
    @extend_schema(responses={200: s.MemberSerializer(many=True), **ERRORS})
    def get(self, request: Request, project_id: int) -> Response:
        project = _project(request, project_id)
        policy.require(request.user, "project.manage", project)
        members = Membership.objects.filter(project=project).select_related("user")
        return Response(s.MemberSerializer(members.order_by("user__username"), many=True).data)

    @extend_schema(request=s.MemberInSerializer, responses={201: s.MemberSerializer, **ERRORS})
    def post(self, request: Request, project_id: int) -> Response:
        project = _project(request, project_id)
        policy.require(request.user, "project.manage", project)  # before reading the body
        data = _valid(s.MemberInSerializer, request.data)
        membership = membership_add_by_username(
            project=project, username=data["username"], role=data["role"], actor=request.user
        )
        return Response(s.MemberSerializer(membership).data, status=http.HTTP_201_CREATED)


class MemberView(Api):
    @extend_schema(
        request=s.MemberRoleSerializer,
        responses={200: s.MemberSerializer, 409: s.ErrorSerializer, **ERRORS},
    )
    def patch(self, request: Request, project_id: int, user_id: int) -> Response:
        project = _project(request, project_id)
        policy.require(request.user, "project.manage", project)  # before reading the body
        data = _valid(s.MemberRoleSerializer, request.data)
        membership = members.member_set_role(
            project=project, user_id=user_id, role=data["role"], actor=request.user
        )
        return Response(s.MemberSerializer(membership).data)

    @extend_schema(
        responses={204: None, 409: s.ErrorSerializer, **ERRORS},
        description="The membership goes; the member's spans and their history stay.",
    )
    def delete(self, request: Request, project_id: int, user_id: int) -> Response:
        project = _project(request, project_id)
        members.member_remove(project=project, user_id=user_id, actor=request.user)
        return Response(status=http.HTTP_204_NO_CONTENT)


# -- articles -----------------------------------------------------------------------------------


class ArticleListView(Api):
    pagination_class = IdCursor  # documents the GET as a cursor page, as _page answers

    @extend_schema(
        parameters=[
            OpenApiParameter("outlet", str),
            OpenApiParameter("updated_since", OpenApiTypes.DATETIME),
        ],
        responses={200: s.ArticleSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, project_id: int) -> Response:
        project = _project(request, project_id)
        within = Article.objects.filter(project=project).defer("text")
        articles = policy.visible_articles(request.user, project, within=within)
        if outlet := request.query_params.get("outlet"):
            articles = articles.filter(outlet=outlet)
        if (since := _since(request)) is not None:
            articles = articles.filter(updated_at__gte=since)
        return _page(request, self, articles, s.ArticleSerializer)

    @extend_schema(
        request=s.ArticleInSerializer,
        responses={
            201: s.ArticleDetailSerializer,
            200: OpenApiResponse(
                s.ArticleDetailSerializer, description="The same text was there already."
            ),
            **ERRORS,
        },
        description="The text is normalised once; an identical text is not stored twice.",
    )
    def post(self, request: Request, project_id: int) -> Response:
        project = _project(request, project_id)
        policy.require(request.user, "article.add", project)  # before reading the body
        data = _valid(s.ArticleInSerializer, request.data)
        result = article_create(project=project, created_by=request.user, **data)
        body = s.ArticleDetailSerializer(result.article).data
        body["created"] = result.created
        return Response(body, status=http.HTTP_201_CREATED if result.created else http.HTTP_200_OK)


class ArticleView(Api):
    @extend_schema(responses={200: s.ArticleDetailSerializer, **ERRORS})
    def get(self, request: Request, article_id: int) -> Response:
        return Response(s.ArticleDetailSerializer(_article(request, article_id)).data)

    @extend_schema(
        responses={204: None, **ERRORS},
        description="Managers only. Its spans go too; their history and a record of the "
        "deletion stay.",
    )
    def delete(self, request: Request, article_id: int) -> Response:
        article_delete(article=_article(request, article_id), actor=request.user)
        return Response(status=http.HTTP_204_NO_CONTENT)


# -- spans --------------------------------------------------------------------------------------


class ArticleSpanListView(Api):
    pagination_class = IdCursor  # documents the GET as a cursor page, as _page answers

    @extend_schema(parameters=SPAN_FILTERS, responses={200: s.SpanSerializer(many=True), **ERRORS})
    def get(self, request: Request, article_id: int) -> Response:
        article = _article(request, article_id)
        queryset = visible_spans(request.user, article.project_id).filter(article=article)
        return _page(request, self, _filter_spans(request, queryset), s.SpanSerializer)

    @extend_schema(
        request=s.SpanInSerializer,
        responses={201: s.SpanSerializer, 409: s.ErrorSerializer, **ERRORS},
        description="Offsets are [start, end) in Unicode code points; `quote` must be exactly "
        "the text there.",
    )
    def post(self, request: Request, article_id: int) -> Response:
        article = _article(request, article_id)
        data = _valid(s.SpanInSerializer, request.data)
        span = spans.span_create(article=article, annotator=request.user, **data)
        return Response(s.SpanSerializer(span).data, status=http.HTTP_201_CREATED)


class ProjectSpanListView(Api):
    pagination_class = IdCursor  # documents the GET as a cursor page, as _page answers

    @extend_schema(
        parameters=[*SPAN_FILTERS, OpenApiParameter("outlet", str)],
        responses={200: s.SpanSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, project_id: int) -> Response:
        project = _project(request, project_id)
        queryset = _filter_spans(request, visible_spans(request.user, project.pk))
        return _page(request, self, queryset, s.SpanSerializer)


class SpanView(Api):
    @extend_schema(responses={200: s.SpanSerializer, **ERRORS})
    def get(self, request: Request, span_id: int) -> Response:
        return Response(s.SpanSerializer(_span(request, span_id)).data)

    @extend_schema(
        request=s.SpanPatchSerializer,
        responses={200: s.SpanSerializer, 409: s.ErrorSerializer, **ERRORS},
        description="Change the label or note; `version` is the one you loaded.",
    )
    def patch(self, request: Request, span_id: int) -> Response:
        span = _span(request, span_id)
        data = _valid(s.SpanPatchSerializer, request.data)
        span = spans.span_update(span=span, actor=request.user, **data)
        return Response(s.SpanSerializer(span).data)

    @extend_schema(
        parameters=[VERSION_PARAM],
        responses={204: None, 409: s.ErrorSerializer, **ERRORS},
    )
    def delete(self, request: Request, span_id: int) -> Response:
        span = _span(request, span_id)
        spans.span_delete(span=span, actor=request.user, version=_version(request))
        return Response(status=http.HTTP_204_NO_CONTENT)


class ReviewView(Api):
    @extend_schema(
        request=s.ReviewInSerializer,
        responses={200: s.SpanSerializer, 409: s.ErrorSerializer, **ERRORS},
        description="Reviewers and managers; never your own span. A stale `version` gets 409.",
    )
    def post(self, request: Request, span_id: int) -> Response:
        span = _span(request, span_id)
        data = _valid(s.ReviewInSerializer, request.data)
        span = spans.span_review(span=span, reviewer=request.user, **data)
        return Response(s.SpanSerializer(span).data)


# -- relations ----------------------------------------------------------------------------------


class ArticleRelationListView(Api):
    pagination_class = IdCursor  # documents the GET as a cursor page, as _page answers

    @extend_schema(
        parameters=[
            OpenApiParameter("type", str, description="A relation type's key."),
            OpenApiParameter("status", str, enum=Status.values),
        ],
        responses={200: s.RelationSerializer(many=True), **ERRORS},
        description="The article's relations you can see: yours and approved ones, whose two "
        "spans you can see too (reviewers and managers see all).",
    )
    def get(self, request: Request, article_id: int) -> Response:
        article = _article(request, article_id)
        queryset = policy.visible_relations(
            request.user, article.project_id, within=Relation.objects.filter(article=article)
        ).select_related("type", "annotator", "reviewer")
        if kind := request.query_params.get("type"):
            queryset = queryset.filter(type__key=kind)
        return _page(request, self, _by_status(request, queryset), s.RelationSerializer)

    @extend_schema(
        request=s.RelationInSerializer,
        responses={201: s.RelationSerializer, 409: s.ErrorSerializer, **ERRORS},
        description="Link two spans of this article (`from`, `to`: span ids) by a relation "
        "type of the project whose allowed labels they have. 409 for the same link twice.",
    )
    def post(self, request: Request, article_id: int) -> Response:
        article = _article(request, article_id)
        data = _valid(s.RelationInSerializer, request.data)
        relation = links.relation_create(
            article=article,
            type=data["type"],
            from_span=data["from"],
            to_span=data["to"],
            note=data["note"],
            annotator=request.user,
        )
        return Response(s.RelationSerializer(relation).data, status=http.HTTP_201_CREATED)


class RelationView(Api):
    @extend_schema(responses={200: s.RelationSerializer, **ERRORS})
    def get(self, request: Request, relation_id: int) -> Response:
        return Response(s.RelationSerializer(_relation(request, relation_id)).data)

    @extend_schema(
        request=s.RelationPatchSerializer,
        responses={200: s.RelationSerializer, 409: s.ErrorSerializer, **ERRORS},
        description="Change the type or note; `version` is the one you loaded.",
    )
    def patch(self, request: Request, relation_id: int) -> Response:
        relation = _relation(request, relation_id)
        data = _valid(s.RelationPatchSerializer, request.data)
        relation = links.relation_update(relation=relation, actor=request.user, **data)
        return Response(s.RelationSerializer(relation).data)

    @extend_schema(
        parameters=[VERSION_PARAM],
        responses={204: None, 409: s.ErrorSerializer, **ERRORS},
    )
    def delete(self, request: Request, relation_id: int) -> Response:
        relation = _relation(request, relation_id)
        links.relation_delete(relation=relation, actor=request.user, version=_version(request))
        return Response(status=http.HTTP_204_NO_CONTENT)


class RelationReviewView(Api):
    @extend_schema(
        request=s.RelationReviewInSerializer,
        responses={200: s.RelationSerializer, 409: s.ErrorSerializer, **ERRORS},
        description="Reviewers and managers; never your own relation. A stale `version` gets "
        "409. A new `type` goes with approving.",
    )
    def post(self, request: Request, relation_id: int) -> Response:
        relation = _relation(request, relation_id)
        data = _valid(s.RelationReviewInSerializer, request.data)
        relation = links.relation_review(relation=relation, reviewer=request.user, **data)
        return Response(s.RelationSerializer(relation).data)


class WhoSaidWhatView(Api):
    content_negotiation_class = IgnoreFormatParam

    @extend_schema(
        parameters=[
            OpenApiParameter("format", str, enum=["json", "csv"], default="json"),
            OpenApiParameter("source", str, description="Sources whose name contains this."),
            OpenApiParameter("outlet", str, description="Sources carried by such an outlet."),
            OpenApiParameter("claim", str, description="Sources with a claim containing this."),
        ],
        responses={
            (200, "application/json"): OpenApiTypes.OBJECT,
            (200, "text/csv"): OpenApiTypes.BINARY,
            **ERRORS,
        },
        summary="Who said what",
        description="Approved attributions grouped by source (case and whitespace normalised, "
        "or merged by a manager), with the claims they attribute, the outlets that carried "
        "them and the articles. CSV: one row a claim.",
    )
    def get(self, request: Request, project_id: int) -> Any:
        project = _project(request, project_id)
        params = request.query_params
        sources = who.who_said_what(
            project.pk,
            source=params.get("source", ""),
            outlet=params.get("outlet", ""),
            claim=params.get("claim", ""),
        )
        kind = params.get("format", "json")
        if kind == "json":
            return Response({"sources": [s.as_dict() for s in sources]})
        if kind != "csv":
            raise Invalid(f"Unknown format {kind!r}; it is json or csv.", field="format")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="project-{project.pk}-who-said-what.csv"'
        )
        writer = csv.writer(response)
        for row in who.csv_rows(sources):
            writer.writerow([escape_cell(v) if isinstance(v, str) else v for v in row])
        return response


# -- import and export --------------------------------------------------------------------------


class NDJSONParser(BaseParser):
    """Declares the import's body type; the view reads the stream itself, line by line."""

    media_type = "application/x-ndjson"

    def parse(self, stream, media_type=None, parser_context=None):
        return stream


def _lines(request: Iterable[bytes], limit: int) -> Iterator[bytes]:
    """The body line by line, refusing (413) once more than `limit` bytes have come."""
    seen = 0
    for line in request:
        seen += len(line)
        if seen > limit:
            raise PayloadTooLarge(f"The import is larger than the limit of {limit} bytes.")
        yield line


class ImportView(Api):
    parser_classes = [NDJSONParser]
    # The body is streamed line by line and held to NEWSANNOT_MAX_IMPORT_BYTES below, not to
    # DATA_UPLOAD_MAX_MEMORY_SIZE (newsannot.middleware.RequestTooLargeMiddleware skips it).
    streams_body = True

    @extend_schema(
        request={"application/x-ndjson": OpenApiTypes.BINARY},
        parameters=[
            OpenApiParameter("dry_run", bool, description="Validate only; store nothing."),
            OpenApiParameter(
                "background",
                bool,
                description="Run the import as a background job: answer 202 with the job at once.",
            ),
        ],
        responses={
            201: s.ImportReportSerializer,
            200: OpenApiResponse(s.ImportReportSerializer, description="A dry run."),
            202: OpenApiResponse(s.JobSerializer, description="Queued as a background job."),
            400: OpenApiResponse(
                s.ErrorSerializer,
                description="Nothing stored; `errors` lists every problem as {line, detail}. "
                "An import in which no line holds an article is a 400 too (`code`: `empty`).",
            ),
            413: s.ErrorSerializer,
            415: s.ErrorSerializer,
            401: s.ErrorSerializer,
            403: s.ErrorSerializer,
        },
        summary="Import articles (and spans) from JSON Lines",
        description=(
            "One article a line: `{title, text, url?, outlet?, published_at?, external_id?, "
            "spans?: [{start, end, label, quote?, status?, note?}]}`. Span offsets are code "
            "points over the text as sent and follow it through normalisation. All or nothing: "
            "any bad line and nothing is stored. Texts already in the project are reported under "
            "`duplicates`. A span listed twice in a line with the same label, offsets, note and "
            "status is stored once and reported under `merged_spans` ({line, span, detail}); "
            "listed twice with a different note or status, it is an error. Only managers may "
            "import `approved`/`rejected` spans."
        ),
    )
    def post(self, request: Request, project_id: int) -> Response:
        project = _project(request, project_id)
        policy.require(request.user, "article.add", project)  # before reading the body
        content_type = (request.content_type or "").split(";")[0].strip().lower()
        if content_type not in NDJSON_TYPES:
            raise UnsupportedMediaType(
                f"Send the import as application/x-ndjson (one JSON object a line), "
                f"not {content_type or 'no content type'}."
            )
        limit = settings.NEWSANNOT_MAX_IMPORT_BYTES
        if declares_more_than(request._request, limit):
            raise PayloadTooLarge(f"The import is larger than the limit of {limit} bytes.")
        dry_run = _flag(request, "dry_run")
        if _flag(request, "background"):
            # Stored through the storage API first (any worker, on any machine, reads it there),
            # then queued; the answer is the job, to follow at its URL.
            name, size = store_upload(_lines(request._request, limit), prefix="imports")
            job = job_start(
                kind=Kind.IMPORT,
                project_id=project.pk,
                created_by=request.user,
                params={"payload": name, "dry_run": dry_run, "bytes": size},
                total=size,
            )
            body = s.JobSerializer(job, context={"request": request}).data
            return Response(body, status=http.HTTP_202_ACCEPTED, headers={"Location": body["url"]})
        report = import_jsonl(
            project=project,
            lines=_lines(request._request, limit),
            actor=request.user,
            dry_run=dry_run,
        )
        body = report_body(report, dry_run=dry_run)
        return Response(body, status=http.HTTP_200_OK if dry_run else http.HTTP_201_CREATED)


def _flag(request: Request, name: str) -> bool:
    return request.query_params.get(name, "").lower() in {"1", "true", "yes"}


# -- background jobs ----------------------------------------------------------------------------


class JobView(Api):
    @extend_schema(responses={200: s.JobSerializer, **ERRORS}, summary="A background job")
    def get(self, request: Request, job_id: int) -> Response:
        job = job_selectors.job_for(request.user, job_id)
        return Response(s.JobSerializer(job, context={"request": request}).data)


class JobCancelView(Api):
    @extend_schema(
        request=None,
        responses={200: s.JobSerializer, 409: s.ErrorSerializer, **ERRORS},
        summary="Cancel a job",
        description="A queued job is cancelled at once; a running one stops at its next check "
        "and keeps nothing. 409 for a job that has finished.",
    )
    def post(self, request: Request, job_id: int) -> Response:
        job = job_selectors.job_for(request.user, job_id)
        job = job_cancel(job=job, actor=request.user)
        return Response(s.JobSerializer(job, context={"request": request}).data)


class ProjectJobListView(Api):
    pagination_class = RecentFirst

    @extend_schema(
        responses={200: s.JobSerializer(many=True), **ERRORS},
        description="Your jobs in the project; managers see everyone's.",
    )
    def get(self, request: Request, project_id: int) -> Response:
        project = _project(request, project_id)
        jobs = job_selectors.jobs_of(request.user, project.pk)
        paginator = RecentFirst()
        page = paginator.paginate_queryset(jobs, request, view=self)
        data = s.JobSerializer(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)


class ExportView(Api):
    content_negotiation_class = IgnoreFormatParam

    @extend_schema(
        parameters=[
            OpenApiParameter("format", str, enum=sorted(FORMATS), default="jsonl"),
            OpenApiParameter("status", str, enum=list(STATUSES), default="approved"),
            OpenApiParameter(
                "layer",
                str,
                enum=list(LAYERS),
                description="gold (the default with status=approved, and only with it): one "
                "span per (article, label, start, end) among the approved spans, with "
                "`annotators` and `approved_by`. annotations: every analyst's own spans.",
            ),
            OpenApiParameter("label", str, description="Only spans with this label key."),
            OpenApiParameter("updated_since", OpenApiTypes.DATETIME),
        ],
        responses={
            (200, "application/x-ndjson"): OpenApiTypes.BINARY,
            (200, "application/json"): OpenApiTypes.BINARY,
            (200, "application/ld+json"): OpenApiTypes.BINARY,
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, "application/zip"): OpenApiTypes.BINARY,
            (200, "application/vnd.apache.parquet"): OpenApiTypes.BINARY,
            **ERRORS,
        },
        summary="Export the labelled corpus, streamed",
        description=(
            "Every article of the project with its spans that pass the filters (with "
            "`updated_since`: only articles or spans changed since). Formats: jsonl "
            "(re-importable), doccano, label-studio, w3c (Web Annotation JSON-LD), "
            "ptc (SemEval-2020 Task 11 zip), "
            "brat (zip of .txt/.ann), csv, parquet (one row per article), conll (zip: BIO, a "
            "column per label). Offsets are code points."
        ),
    )
    def get(self, request: Request, project_id: int) -> StreamingHttpResponse:
        project = _project(request, project_id)
        params = request.query_params
        download = export_download(
            project=project,
            actor=request.user,
            format=params.get("format", "jsonl"),
            status=params.get("status", Status.APPROVED),
            label=params.get("label") or None,
            updated_since=_since(request),
            layer=params.get("layer") or None,
        )
        response = StreamingHttpResponse(download.body, content_type=download.content_type)
        response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
        return response


# -- the workload -------------------------------------------------------------------------------


class NextView(Api):
    @extend_schema(
        request=None,
        responses={
            200: s.NextArticleSerializer,
            204: OpenApiResponse(description="Nothing is left for you in this project."),
            **ERRORS,
        },
        summary="Your next article",
        description="Your unfinished assigned article if you have one; else the oldest article "
        "with fewer than `overlap` analysts that is not yours yet, now assigned to you.",
    )
    def post(self, request: Request, project_id: int) -> Response:
        project = _project(request, project_id)
        article = workload.next_article(project=project, analyst=request.user)
        if article is None:
            return Response(status=http.HTTP_204_NO_CONTENT)
        return Response({"article": s.ArticleDetailSerializer(article).data})


ASSIGNMENT_FILTERS = [
    OpenApiParameter("analyst", str, description="A username."),
    OpenApiParameter("article", int, description="An article id."),
    OpenApiParameter("status", str, enum=["assigned", "done"]),
]


class AssignmentListView(Api):
    pagination_class = IdCursor  # documents the GET as a cursor page, as _page answers

    @extend_schema(
        parameters=ASSIGNMENT_FILTERS,
        responses={200: s.AssignmentSerializer(many=True), **ERRORS},
        description="Reviewers and managers see everyone's; analysts their own.",
    )
    def get(self, request: Request, project_id: int) -> Response:
        project = _project(request, project_id)
        rows = workload_selectors.assignments_for(request.user, project, request.query_params)
        return _page(request, self, rows, s.AssignmentSerializer)

    @extend_schema(
        request=s.AssignmentInSerializer,
        responses={201: s.AssignmentSerializer, 409: s.ErrorSerializer, **ERRORS},
        description="Managers assign an article to an analyst (a member who annotates). The "
        "overlap limits `next`, not a manager's own choice. 409 if assigned already.",
    )
    def post(self, request: Request, project_id: int) -> Response:
        project = _project(request, project_id)
        policy.require(request.user, "project.manage", project)  # before reading the body
        data = _valid(s.AssignmentInSerializer, request.data)
        row = workload.assignment_create(
            project=project, article=data["article"], analyst=data["analyst"], actor=request.user
        )
        return Response(s.AssignmentSerializer(row).data, status=http.HTTP_201_CREATED)


class AssignmentReleaseView(Api):
    @extend_schema(
        request=s.ReleaseInSerializer,
        responses={200: s.ReleasedSerializer, **ERRORS},
        summary="Return an analyst's unfinished articles to the pool",
        description="Managers. For a stalled analyst, or one leaving: their unfinished "
        "assignments are deleted, to be handed out again by `next`; their spans and finished "
        "articles stay.",
    )
    def post(self, request: Request, project_id: int) -> Response:
        project = _project(request, project_id)
        policy.require(request.user, "project.manage", project)  # before reading the body
        data = _valid(s.ReleaseInSerializer, request.data)
        released = workload.assignments_release(
            project=project, analyst=data["analyst"], actor=request.user
        )
        return Response({"released": released})


class AssignmentView(Api):
    @extend_schema(responses={204: None, **ERRORS}, description="Managers.")
    def delete(self, request: Request, assignment_id: int) -> Response:
        row = Assignment.objects.filter(pk=assignment_id).first()
        if row is None:
            raise NotFound(f"There is no assignment {assignment_id}.")
        policy.require(request.user, "project.view", row.project_id)
        workload.assignment_delete(assignment=row, actor=request.user)
        return Response(status=http.HTTP_204_NO_CONTENT)


class ArticleDoneView(Api):
    @extend_schema(
        request=s.DoneInSerializer,
        responses={200: s.AssignmentSerializer, **ERRORS},
        summary="Mark an article done (closes your assignment)",
        description="Closes your assignment of the article (in an open project, records one, "
        'done). `{"done": false}` reopens it.',
    )
    def post(self, request: Request, article_id: int) -> Response:
        article = _article(request, article_id)
        data = _valid(s.DoneInSerializer, request.data)  # an empty body: {}
        row = workload.article_done(article=article, user=request.user, done=data["done"])
        return Response(s.AssignmentSerializer(row).data)


# -- releases -----------------------------------------------------------------------------------


class ReleaseListView(Api):
    pagination_class = RecentFirst

    @extend_schema(
        responses={200: s.ReleaseSerializer(many=True), **ERRORS},
        summary="A project's releases, newest first",
    )
    def get(self, request: Request, project_id: int) -> Response:
        project = _project(request, project_id)
        found = release_selectors.releases_of(request.user, project)
        paginator = RecentFirst()
        page = paginator.paginate_queryset(found, request, view=self)
        data = s.ReleaseSerializer(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        request=s.ReleaseCreateSerializer,
        responses={202: s.ReleaseSerializer, 409: s.ErrorSerializer, **ERRORS},
        summary="Freeze the gold as a named release",
        description=(
            'Body: `{"name": "v1", "seed": 42, "split": {"train": 0.8, "dev": 0.1, "test": '
            '0.1}, "licence": "...", "real_names": false}`. Answers 202 with the release '
            "(status `building`) and its `job`; when the job ends the release is `ready` with "
            "a file and sha256 per format. 409 when the name is taken in the project."
        ),
    )
    def post(self, request: Request, project_id: int) -> Response:
        project = _project(request, project_id)
        policy.require(request.user, "release.create", project)
        data = _valid(s.ReleaseCreateSerializer, request.data)
        release = release_services.release_create(
            project=project,
            actor=request.user,
            name=data["name"],
            seed=request.data.get("seed"),  # the service checks the JSON value itself
            split=request.data.get("split"),
            licence=data["licence"],
            real_names=data["real_names"],
        )
        body = s.ReleaseSerializer(release, context={"request": request}).data
        url = request.build_absolute_uri(reverse("api-release", args=[release.pk]))
        return Response(body, status=http.HTTP_202_ACCEPTED, headers={"Location": url})


class ReleaseView(Api):
    @extend_schema(responses={200: s.ReleaseSerializer, **ERRORS}, summary="A release")
    def get(self, request: Request, release_id: int) -> Response:
        release = release_selectors.release_for(request.user, release_id)
        return Response(s.ReleaseSerializer(release, context={"request": request}).data)

    @extend_schema(
        responses={204: None, **ERRORS},
        summary="Delete a release (site admins only; logged)",
    )
    def delete(self, request: Request, release_id: int) -> Response:
        release = release_selectors.release_for(request.user, release_id)
        release_services.release_delete(release=release, actor=request.user)
        return Response(status=http.HTTP_204_NO_CONTENT)


class ReleaseDatasheetView(Api):
    @extend_schema(
        responses={200: OpenApiTypes.OBJECT, **ERRORS},
        summary="A release's datasheet (counts, agreement, guidelines, licence, offsets)",
    )
    def get(self, request: Request, release_id: int) -> Response:
        release = release_selectors.release_for(request.user, release_id)
        return Response(release.datasheet)


class ReleaseExportView(Api):
    content_negotiation_class = IgnoreFormatParam

    @extend_schema(
        parameters=[OpenApiParameter("format", str, enum=sorted(FORMATS), default="jsonl")],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, **ERRORS},
        summary="A release's file in a format: the bytes stored when it was built",
    )
    def get(self, request: Request, release_id: int) -> FileResponse:
        release = release_selectors.release_for(request.user, release_id)
        name = request.query_params.get("format", "jsonl")
        handle, entry = release_selectors.stored_file(release, name)
        response = FileResponse(handle, content_type=entry["content_type"])
        filename = f"project-{release.project_id}-{release.name}.{entry['extension']}"
        response["Content-Disposition"] = content_disposition_header(True, filename)
        response["ETag"] = f'"{entry["sha256"]}"'
        return response


class ReleaseDiffView(Api):
    @extend_schema(
        responses={200: OpenApiTypes.OBJECT, **ERRORS},
        summary="Articles and gold spans added, removed and changed from release a to b",
    )
    def get(self, request: Request, release_id: int, other_id: int) -> Response:
        a = release_selectors.release_for(request.user, release_id)
        b = release_selectors.release_for(request.user, other_id)
        return Response(release_selectors.diff(a, b))
