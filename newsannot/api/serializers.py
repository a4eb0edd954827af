"""Request and response shapes. Writes are validated again, with clear messages, by services."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from newsannot.annotations.models import Span
from newsannot.corpus.models import Article, Label, Membership, Project, Role
from newsannot.jobs.models import Job


class Text(serializers.CharField):
    """A CharField that takes only a JSON string: DRF's would turn `0` or `true` into text."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class LabelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Label
        fields = ["key", "name", "color", "shortcut", "guideline"]


class LabelInSerializer(serializers.Serializer):
    key = Text(max_length=64)
    name = Text(max_length=100, required=False, allow_blank=True)
    color = Text(max_length=7, required=False, allow_blank=True)
    shortcut = Text(max_length=1, required=False, allow_blank=True)
    guideline = Text(required=False, allow_blank=True)


class ProjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = Project
        fields = ["id", "name", "description", "guidelines", "created_at"]


class ProjectDetailSerializer(ProjectSerializer):
    labels = LabelSerializer(many=True, read_only=True)

    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, "labels"]


class ProjectInSerializer(serializers.Serializer):
    name = Text(max_length=200)
    description = Text(required=False, allow_blank=True, default="")
    guidelines = Text(required=False, allow_blank=True, default="")
    labels = LabelInSerializer(many=True, required=False)


class MemberSerializer(serializers.ModelSerializer):
    username = Text(source="user.username")

    class Meta:
        model = Membership
        fields = ["username", "role"]


class MemberInSerializer(serializers.Serializer):
    username = Text(max_length=150)
    role = serializers.ChoiceField(choices=Role.choices)


class ArticleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = [
            "id",
            "project",
            "title",
            "url",
            "outlet",
            "published_at",
            "external_id",
            "created_at",
            "updated_at",
        ]


class ArticleDetailSerializer(ArticleSerializer):
    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "text", "content_hash"]


class ArticleInSerializer(serializers.Serializer):
    title = Text(max_length=500)
    text = Text(trim_whitespace=False)
    url = serializers.URLField(max_length=2000, required=False, allow_blank=True, default="")
    outlet = Text(max_length=200, required=False, allow_blank=True, default="")
    published_at = serializers.DateField(required=False, allow_null=True, default=None)
    external_id = Text(max_length=200, required=False, allow_blank=True, default="")


class SpanSerializer(serializers.ModelSerializer):
    label = Text(source="label.key")
    annotator = Text(source="annotator.username")
    reviewer = Text(source="reviewer.username", allow_null=True, default=None)

    class Meta:
        model = Span
        fields = [
            "id",
            "article",
            "label",
            "start",
            "end",
            "quote",
            "note",
            "status",
            "origin",
            "annotator",
            "reviewer",
            "reviewed_at",
            "review_reason",
            "version",
            "created_at",
            "updated_at",
        ]


class SpanInSerializer(serializers.Serializer):
    label = Text(max_length=64)
    start = serializers.IntegerField(min_value=0)
    end = serializers.IntegerField(min_value=0)
    quote = Text(trim_whitespace=False)
    note = Text(required=False, allow_blank=True, trim_whitespace=False, default="")


class SpanPatchSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    label = Text(max_length=64, required=False)
    note = Text(required=False, allow_blank=True, trim_whitespace=False)


class ReviewInSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "reject"])
    version = serializers.IntegerField(min_value=1)
    reason = Text(required=False, allow_blank=True, default="")
    label = Text(max_length=64, required=False)


class TokenInSerializer(serializers.Serializer):
    username = Text()
    password = Text(trim_whitespace=False)


class TokenOutSerializer(serializers.Serializer):
    token = Text()


class ImportReportSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    duplicates = serializers.ListField(child=serializers.DictField())
    spans = serializers.IntegerField()
    dry_run = serializers.BooleanField()


class JobProgressSerializer(serializers.Serializer):
    done = serializers.IntegerField()
    total = serializers.IntegerField(allow_null=True)


class JobSerializer(serializers.ModelSerializer):
    created_by = Text(source="created_by.username", allow_null=True, default=None)
    progress = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "project",
            "created_by",
            "status",
            "progress",
            "result",
            "error",
            "created_at",
            "started_at",
            "finished_at",
            "url",
        ]

    @extend_schema_field(JobProgressSerializer)
    def get_progress(self, job: Job) -> dict:
        return {"done": job.progress_done, "total": job.progress_total}

    def get_url(self, job: Job) -> str:
        path = reverse("api-job", args=[job.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ErrorSerializer(serializers.Serializer):
    detail = Text()
    code = Text(required=False)
