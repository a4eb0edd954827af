"""Request and response shapes.

An article's and a span's fields are validated by the one validator each field has on every
path (newsannot/ingest/fields.py, newsannot/lib/offsets.py): the `Checked*` fields below call
it, and the DRF field they extend only describes the value in the OpenAPI schema. Lengths come
from the models. Services validate again what only they can (a label of this project, a quote
that matches the text).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.settings import api_settings

from newsannot.annotations.models import LabelAttribute, Relation, RelationType, Span
from newsannot.corpus.models import OVERLAP_MAX, Article, Label, Membership, Project, Role
from newsannot.ingest import fields
from newsannot.ingest.fields import max_length
from newsannot.jobs.models import Job
from newsannot.lib import offsets
from newsannot.lib.errors import Invalid
from newsannot.outlets.models import OUTLET_LABEL
from newsannot.outlets.registry import registry
from newsannot.workload.models import Assignment, AssignmentStatus


class Text(serializers.CharField):
    """A CharField that takes only a JSON string: DRF's would turn `0` or `true` into text."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class Boolean(serializers.BooleanField):
    """Only JSON's true and false: DRF's would take 0, "yes" or "off" too."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class Checked:
    """Validation by `check`, the field's own validator, instead of DRF's (mixed into a DRF
    field, which then only describes the value in the schema)."""

    def __init__(self, check: Callable[[Any], Any], **kwargs: Any) -> None:
        self.check = check
        # The schema says null is allowed exactly when the validator takes it (an optional
        # text field reads null as empty on every path, the import's included).
        try:
            check(None)
        except Invalid:
            pass
        else:
            kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def run_validation(self, data: Any = empty) -> Any:
        if data is empty:  # absent: required, or the default
            return super().run_validation(data)  # type: ignore[misc]
        try:
            return self.check(data)
        except Invalid as exc:
            raise serializers.ValidationError(exc.message, code=exc.code) from None


class CheckedText(Checked, serializers.CharField):
    pass


class CheckedURL(Checked, serializers.URLField):
    pass


class CheckedDate(Checked, serializers.DateField):
    pass


class CheckedInteger(Checked, serializers.IntegerField):
    pass


def _offset(name: str) -> CheckedInteger:
    return CheckedInteger(partial(offsets.offset, name), min_value=0)


def _version(**kwargs: Any) -> CheckedInteger:
    return CheckedInteger(fields.version, min_value=1, max_value=fields.VERSION_MAX, **kwargs)


def _label(**kwargs: Any) -> CheckedText:
    return CheckedText(fields.label_key, max_length=fields.LABEL_KEY_MAX, **kwargs)


def _note(**kwargs: Any) -> CheckedText:
    return CheckedText(fields.note, allow_blank=True, trim_whitespace=False, **kwargs)


class WriteSerializer(serializers.Serializer):
    """What a client sends: a field this serializer does not take is refused by name (400),
    with the import's message (fields.known_fields), never dropped. A misspelt `extrenal_id`
    or `nots` would otherwise answer 201 and lose its value.

    Read-only fields a GET returns are refused too, deliberately: a PATCH that echoes `start`,
    `status` or `quote` back would look as if it had moved or decided the span when it did
    not. `version` is no exception because it is not read-only here: the PATCH and review
    serializers declare it (the concurrency check). `id` names the object in the URL; a body
    carrying it is refused like any other field rather than compared with it.
    """

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            try:
                fields.known_fields(data, writable)
            except Invalid as exc:
                # A dict: to_internal_value's errors are not wrapped as run_validation's are.
                problem = {api_settings.NON_FIELD_ERRORS_KEY: [exc.message]}
                raise serializers.ValidationError(problem, code="unknown_field") from None
        return super().to_internal_value(data)


class LabelAttributeSerializer(serializers.ModelSerializer):
    values = serializers.ListField(child=Text())

    class Meta:
        model = LabelAttribute
        fields = ["key", "name", "values"]


class LabelSerializer(serializers.ModelSerializer):
    attributes = LabelAttributeSerializer(many=True, read_only=True)

    class Meta:
        model = Label
        fields = ["id", "key", "name", "color", "shortcut", "guideline", "retired", "attributes"]


class RelationTypeSerializer(serializers.ModelSerializer):
    from_labels = serializers.ListField(
        child=Text(), help_text="Label keys a relation may start at; empty: any."
    )
    to_labels = serializers.ListField(
        child=Text(), help_text="Label keys a relation may end at; empty: any."
    )

    class Meta:
        model = RelationType
        fields = ["key", "name", "from_labels", "to_labels", "shortcut", "retired"]


class LabelInSerializer(WriteSerializer):
    key = Text(max_length=max_length(Label, "key"))
    name = Text(max_length=max_length(Label, "name"), required=False, allow_blank=True)
    color = Text(required=False, allow_blank=True)  # checked by the service: validate_colour
    shortcut = Text(max_length=max_length(Label, "shortcut"), required=False, allow_blank=True)
    guideline = Text(required=False, allow_blank=True)


class LabelPatchSerializer(WriteSerializer):
    """What a label's PATCH may change; the key stays (exports and the API name labels by it).
    Values are checked by the service (corpus.services.label_update), as on the labels page."""

    name = Text(max_length=max_length(Label, "name"), required=False)
    color = Text(required=False)  # checked by the service: validate_colour
    shortcut = Text(max_length=max_length(Label, "shortcut"), required=False, allow_blank=True)
    guideline = Text(required=False, allow_blank=True)
    retired = serializers.BooleanField(required=False)


class ProjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = Project
        fields = [
            "id",
            "name",
            "description",
            "guidelines",
            "assignment",
            "overlap",
            "granularity",
            "created_at",
        ]


class ProjectDetailSerializer(ProjectSerializer):
    labels = LabelSerializer(many=True, read_only=True)
    relation_types = RelationTypeSerializer(many=True, read_only=True)

    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, "labels", "relation_types"]


class ProjectInSerializer(WriteSerializer):
    name = Text(max_length=max_length(Project, "name"))
    description = Text(required=False, allow_blank=True, default="")
    guidelines = Text(required=False, allow_blank=True, default="")
    labels = LabelInSerializer(many=True, required=False)


class ProjectPatchSerializer(WriteSerializer):
    """The project's settings; each field optional, validated by its one validator."""

    assignment = CheckedText(fields.assignment_mode, required=False)
    overlap = CheckedInteger(fields.overlap, required=False, min_value=1, max_value=OVERLAP_MAX)
    granularity = CheckedText(
        fields.granularity,
        required=False,
        help_text="What a mouse selection in the annotate view snaps to: `word` or `character`.",
    )


class MemberSerializer(serializers.ModelSerializer):
    user_id = serializers.IntegerField(source="user.pk", read_only=True)
    username = Text(source="user.username")

    class Meta:
        model = Membership
        fields = ["user_id", "username", "role"]


class MemberInSerializer(WriteSerializer):
    username = Text(max_length=max_length(get_user_model(), "username"))
    role = serializers.ChoiceField(choices=Role.choices)


class MemberRoleSerializer(WriteSerializer):
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
            "language",
            "created_at",
            "updated_at",
        ]


class ArticleDetailSerializer(ArticleSerializer):
    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "text", "content_hash"]


class ArticleInSerializer(WriteSerializer):
    title = CheckedText(fields.title, max_length=fields.TITLE_MAX)
    text = CheckedText(fields.text, trim_whitespace=False)
    url = CheckedURL(fields.url, max_length=fields.URL_MAX, allow_blank=True, default="")
    outlet = CheckedText(fields.outlet, max_length=fields.OUTLET_MAX, allow_blank=True, default="")
    published_at = CheckedDate(fields.published_at, allow_null=True, default=None)
    external_id = CheckedText(
        fields.external_id, max_length=fields.EXTERNAL_ID_MAX, allow_blank=True, default=""
    )
    language = CheckedText(
        fields.language, max_length=fields.LANGUAGE_MAX, allow_blank=True, default=""
    )


class OutletCandidateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    country = serializers.CharField()
    typology = serializers.CharField()


class CheckedAttributes(Checked, serializers.DictField):
    pass


def _attributes(**kwargs: Any) -> CheckedAttributes:
    return CheckedAttributes(
        fields.attributes_shape,
        child=Text(),
        help_text="{key: value}: the label's attributes, each value one of the key's list.",
        **kwargs,
    )


class SpanSerializer(serializers.ModelSerializer):
    label = Text(source="label.key")
    annotator = Text(source="annotator.username")
    reviewer = Text(source="reviewer.username", allow_null=True, default=None)
    outlet_candidates = serializers.SerializerMethodField(
        help_text="For a state-media-source span whose quote names an outlet several share "
        '("NTV") and whose article did not decide it: the outlets it could be (outlet is '
        "null; PATCH outlet with one of their ids). Empty otherwise."
    )

    @extend_schema_field(OutletCandidateSerializer(many=True))
    def get_outlet_candidates(self, span: Span) -> list[dict]:
        if span.outlet_id is not None or span.label.key != OUTLET_LABEL:
            return []
        # One registry for the whole response (its freshness check is a query).
        root = self.root
        reg = getattr(root, "_outlet_registry", None)
        if reg is None:
            reg = root._outlet_registry = registry()
        found = reg.resolve_in(span.quote)
        if not found.ambiguous:
            return []
        return [
            {"id": c.id, "name": c.name, "country": c.country, "typology": c.typology}
            for c in found.candidates
        ]

    attributes = serializers.DictField(child=Text())
    outlet = serializers.IntegerField(
        source="outlet_id",
        allow_null=True,
        help_text="The registry outlet a state-media-source span names (detected, changeable).",
    )

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
            "outlet",
            "outlet_by_hand",
            "outlet_candidates",
            "version",
            "attributes",
            "outlet",
            "outlet_by_hand",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["outlet", "outlet_by_hand"]


class SpanInSerializer(WriteSerializer):
    label = _label()
    start = _offset("start")
    end = _offset("end")
    quote = CheckedText(fields.quote, trim_whitespace=False)
    note = _note(default="")
    attributes = _attributes(required=False)


class SpanPatchSerializer(WriteSerializer):
    version = _version()
    label = _label(required=False)
    note = _note(required=False)
    attributes = _attributes(required=False)
    # An id as a JSON number or string, or "auto" (CharField refuses true/false and objects).
    outlet = serializers.CharField(
        required=False,
        max_length=20,
        help_text="A state-media-source span's outlet, chosen by hand: a registry outlet's id "
        '(e.g. one of outlet_candidates), or "auto" to let the registry detect it again.',
    )


def _relation_type(**kwargs: Any) -> CheckedText:
    return CheckedText(fields.relation_type_key, max_length=fields.LABEL_KEY_MAX, **kwargs)


def _span_ref(name: str) -> CheckedInteger:
    return CheckedInteger(partial(fields.span_id, name=name), min_value=1, help_text="A span's id.")


class RelationSerializer(serializers.ModelSerializer):
    type = Text(source="type.key")
    annotator = Text(source="annotator.username")
    reviewer = Text(source="reviewer.username", allow_null=True, default=None)

    class Meta:
        model = Relation
        fields = [
            "id",
            "article",
            "type",
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

    def get_fields(self) -> dict[str, serializers.Field]:
        # `from` is a Python keyword: declared here rather than as class attributes.
        declared = super().get_fields()
        ends = {
            "from": serializers.IntegerField(source="from_span_id", help_text="A span's id."),
            "to": serializers.IntegerField(source="to_span_id", help_text="A span's id."),
        }
        names = list(declared)
        at = names.index("type") + 1
        return {name: (ends | declared)[name] for name in [*names[:at], *ends, *names[at:]]}


class RelationInSerializer(WriteSerializer):
    type = _relation_type()
    note = _note(default="")

    def get_fields(self) -> dict[str, serializers.Field]:
        return {**super().get_fields(), "from": _span_ref("from"), "to": _span_ref("to")}


class RelationPatchSerializer(WriteSerializer):
    version = _version()
    type = _relation_type(required=False)
    note = _note(required=False)


class RelationReviewInSerializer(WriteSerializer):
    decision = serializers.ChoiceField(choices=["approve", "reject"])
    version = _version()
    reason = Text(required=False, allow_blank=True, default="")
    type = _relation_type(required=False)


class ReviewInSerializer(WriteSerializer):
    decision = serializers.ChoiceField(choices=["approve", "reject"])
    version = _version()
    reason = Text(required=False, allow_blank=True, default="")
    label = _label(required=False)


class TokenInSerializer(WriteSerializer):
    username = Text()
    password = Text(trim_whitespace=False)


class TokenOutSerializer(serializers.Serializer):
    token = Text()


class ImportReportSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    duplicates = serializers.ListField(child=serializers.DictField())
    spans = serializers.IntegerField()
    merged_spans = serializers.ListField(child=serializers.DictField())
    relations = serializers.IntegerField()
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


# -- the workload --------------------------------------------------------------------------------


class NextArticleSerializer(serializers.Serializer):
    article = ArticleDetailSerializer()


class AssignmentSerializer(serializers.ModelSerializer):
    analyst = Text(source="analyst.username")
    assigned_by = Text(source="assigned_by.username", allow_null=True, default=None)
    status = serializers.ChoiceField(choices=AssignmentStatus.choices)

    class Meta:
        model = Assignment
        fields = ["id", "article", "analyst", "status", "assigned_at", "done_at", "assigned_by"]


class AssignmentInSerializer(WriteSerializer):
    article = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    analyst = Text(max_length=max_length(get_user_model(), "username"), help_text="A username.")


class ReleaseInSerializer(WriteSerializer):
    analyst = Text(max_length=max_length(get_user_model(), "username"), help_text="A username.")


class ReleasedSerializer(serializers.Serializer):
    released = serializers.IntegerField(help_text="How many unfinished assignments went back.")


class DoneInSerializer(WriteSerializer):
    done = Boolean(default=True, help_text="false: not done after all.")


class GuidelineVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    author = serializers.CharField(source="author.username", default=None, allow_null=True)
    created_at = serializers.DateTimeField()


class GuidelinesSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The current version's number (0: none yet).")
    text = serializers.CharField(help_text="Markdown.")
    html = serializers.CharField(
        help_text="The Markdown rendered and sanitised, as the page shows it."
    )
    versions = GuidelineVersionSerializer(many=True)


class GuidelinesInSerializer(WriteSerializer):
    text = Text(allow_blank=True, trim_whitespace=False)
    based_on = serializers.IntegerField(
        required=False,
        min_value=0,
        help_text="The version you edited; 409 if it is not the current one.",
    )


# -- releases -----------------------------------------------------------------------------------


class ReleaseCreateSerializer(WriteSerializer):
    """Types only: the release services validate the values (one validator on every path)."""

    name = serializers.CharField(max_length=100)
    seed = serializers.IntegerField(min_value=0)
    split = serializers.DictField(child=serializers.FloatField())
    licence = serializers.CharField(required=False, allow_blank=True, default="")
    real_names = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Name analysts and reviewers by username instead of analyst-N/reviewer-N.",
    )


class ReleaseFileSerializer(serializers.Serializer):
    sha256 = serializers.CharField()
    bytes = serializers.IntegerField()
    url = serializers.CharField()


class ReleaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    project = serializers.IntegerField(source="project_id")
    name = serializers.CharField()
    seed = serializers.IntegerField()
    split = serializers.DictField(child=serializers.FloatField())
    status = serializers.CharField()
    licence = serializers.CharField()
    pseudonymised = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    created_by = Text(source="created_by.username", allow_null=True, default=None)
    counts = serializers.DictField()
    files = serializers.SerializerMethodField()
    datasheet_url = serializers.SerializerMethodField()
    job = serializers.SerializerMethodField()

    def _url(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    @extend_schema_field(serializers.DictField(child=ReleaseFileSerializer()))
    def get_files(self, release) -> dict:
        base = reverse("api-release-export", args=[release.pk])
        return {
            fmt: {
                "sha256": f["sha256"],
                "bytes": f["bytes"],
                "url": self._url(f"{base}?format={fmt}"),
            }
            for fmt, f in sorted(release.files.items())
        }

    def get_datasheet_url(self, release) -> str:
        return self._url(reverse("api-release-datasheet", args=[release.pk]))

    @extend_schema_field(JobSerializer(allow_null=True))
    def get_job(self, release) -> dict | None:
        if release.job is None:
            return None
        return JobSerializer(release.job, context=self.context).data
