"""Request and response shapes. Writes are validated again, with clear messages, by services."""

from __future__ import annotations

from rest_framework import serializers

from newsannot.annotations.models import Span
from newsannot.corpus.models import Article, Label, Membership, Project, Role


class LabelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Label
        fields = ["key", "name", "color", "shortcut", "guideline"]


class LabelInSerializer(serializers.Serializer):
    key = serializers.CharField(max_length=64)
    name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    color = serializers.CharField(max_length=7, required=False, allow_blank=True)
    shortcut = serializers.CharField(max_length=1, required=False, allow_blank=True)
    guideline = serializers.CharField(required=False, allow_blank=True)


class ProjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = Project
        fields = ["id", "name", "description", "guidelines", "created_at"]


class ProjectDetailSerializer(ProjectSerializer):
    labels = LabelSerializer(many=True, read_only=True)

    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, "labels"]


class ProjectInSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    guidelines = serializers.CharField(required=False, allow_blank=True, default="")
    labels = LabelInSerializer(many=True, required=False)


class MemberSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username")

    class Meta:
        model = Membership
        fields = ["username", "role"]


class MemberInSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
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
    title = serializers.CharField(max_length=500)
    text = serializers.CharField(trim_whitespace=False)
    url = serializers.URLField(max_length=2000, required=False, allow_blank=True, default="")
    outlet = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    published_at = serializers.DateField(required=False, allow_null=True, default=None)
    external_id = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )


class SpanSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="label.key")
    annotator = serializers.CharField(source="annotator.username")
    reviewer = serializers.CharField(source="reviewer.username", allow_null=True, default=None)

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
    label = serializers.CharField(max_length=64)
    start = serializers.IntegerField(min_value=0)
    end = serializers.IntegerField(min_value=0)
    quote = serializers.CharField(trim_whitespace=False)
    note = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, default=""
    )


class SpanPatchSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    label = serializers.CharField(max_length=64, required=False)
    note = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)


class ReviewInSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "reject"])
    version = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    label = serializers.CharField(max_length=64, required=False)


class TokenInSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(trim_whitespace=False)


class TokenOutSerializer(serializers.Serializer):
    token = serializers.CharField()


class ImportReportSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    duplicates = serializers.ListField(child=serializers.DictField())
    spans = serializers.IntegerField()
    dry_run = serializers.BooleanField()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField(required=False)
