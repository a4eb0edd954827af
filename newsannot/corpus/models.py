from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from newsannot.lib.colours import colour_condition, validate_colour


class Role(models.TextChoices):
    ANALYST = "analyst", "Analyst"
    REVIEWER = "reviewer", "Reviewer"
    MANAGER = "manager", "Manager"


class AssignmentMode(models.TextChoices):
    OPEN = "open", "Open: analysts see and annotate every article"
    ASSIGNED = "assigned", "Assigned: analysts see only the articles assigned to them"


OVERLAP_MAX = 5


class Granularity(models.TextChoices):
    WORD = "word", "Whole words"
    CHARACTER = "character", "Characters"


class Project(models.Model):
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    guidelines = models.TextField(
        blank=True, help_text="Annotation guidelines shown to everyone in the project."
    )
    assignment = models.CharField(
        max_length=16,
        choices=AssignmentMode.choices,
        default=AssignmentMode.OPEN,
        help_text="Who sees which article (newsannot/workload).",
    )
    overlap = models.PositiveSmallIntegerField(
        default=1, help_text=f"How many analysts annotate each article, 1 to {OVERLAP_MAX}."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="projects"
    )
    granularity = models.CharField(
        max_length=16,
        choices=Granularity.choices,
        default=Granularity.WORD,
        help_text="What a mouse selection in the annotate view snaps to. Holding Alt while "
        "selecting keeps single characters either way.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(assignment__in=AssignmentMode.values), name="project_assignment_valid"
            ),
            models.CheckConstraint(
                condition=Q(overlap__gte=1, overlap__lte=OVERLAP_MAX), name="project_overlap_range"
            ),
            models.CheckConstraint(
                condition=Q(granularity__in=Granularity.values),
                name="project_granularity_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.ANALYST)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "user"]
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="membership_unique_user"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} in {self.project}"


class Label(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="labels")
    key = models.SlugField(
        max_length=64, help_text="Stable identifier used in the API and exports."
    )
    name = models.CharField(max_length=100)
    color = models.CharField(
        max_length=7,
        default="#4c78a8",
        validators=[validate_colour],
        help_text="Highlight colour, as #rrggbb.",
    )
    shortcut = models.CharField(
        max_length=1, blank=True, help_text="One key that applies this label in the annotate view."
    )
    guideline = models.TextField(blank=True, help_text="When to use this label, with examples.")
    order = models.PositiveSmallIntegerField(default=0)
    retired = models.BooleanField(
        default=False,
        help_text="Offered for no new spans; its spans stay, in the data and in exports.",
    )

    class Meta:
        ordering = ["project_id", "order", "key"]
        constraints = [
            models.UniqueConstraint(fields=["project", "key"], name="label_unique_key"),
            # A retired label's key is free again for a label in use.
            models.UniqueConstraint(
                fields=["project", "shortcut"],
                condition=~Q(shortcut="") & Q(retired=False),
                name="label_unique_shortcut",
            ),
            # The colour reaches `style` attributes: nothing but #rrggbb may be stored.
            models.CheckConstraint(condition=colour_condition("color"), name="label_color_hex"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.key})"


class Article(models.Model):
    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="articles",
        db_index=False,  # article_project_id: the same, in id order
    )
    title = models.CharField(max_length=500)
    url = models.URLField(max_length=2000, blank=True)
    outlet = models.CharField(max_length=200, blank=True)  # article_project_outlet
    published_at = models.DateField(null=True, blank=True)
    external_id = models.CharField(
        max_length=200, blank=True, help_text="The article's id in the corpus it came from."
    )
    # Pages put it on the text as `lang`, so screen readers read it in its language.
    language = models.CharField(
        max_length=35,
        blank=True,
        help_text="The text's language as a BCP 47 tag (en, ru, zh-Hant, pt-BR); empty: unknown.",
    )
    text = models.TextField(help_text="Normalised on import; frozen once a span exists.")
    content_hash = models.CharField(max_length=64, editable=False)
    text_indexed = models.BooleanField(
        default=True,
        editable=False,
        help_text="In the text search index; bulk imports leave it for later (corpus/search.py).",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["project_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "content_hash"], name="article_unique_text"),
            models.UniqueConstraint(
                fields=["project", "external_id"],
                condition=~Q(external_id=""),
                name="article_unique_external_id",
            ),
        ]
        indexes = [
            # A project's articles in id order: the article list's pages and the export's chunks
            # read them straight off this index, whatever the statistics say about the project.
            models.Index(fields=["project", "id"], name="article_project_id"),
            # A project's outlets (filter menus, the outlet filter). Partial: only a query that
            # names an outlet can use it, so a stale estimate cannot make it the index for a
            # project's articles in id order (it is smaller, and a sort of "one row" is free).
            models.Index(
                fields=["project", "outlet"], condition=~Q(outlet=""), name="article_project_outlet"
            ),
            # The search index's backlog (corpus/search.py): small, usually empty.
            models.Index(
                fields=["project"], condition=Q(text_indexed=False), name="article_text_pending"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Deletion(models.Model):
    """What a deletion leaves behind: who, when, and how many spans of each status went."""

    spans_approved = models.PositiveIntegerField(default=0)
    spans_pending = models.PositiveIntegerField(default=0)
    spans_rejected = models.PositiveIntegerField(default=0)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    deleted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-deleted_at", "-id"]


class ArticleDeletion(Deletion):
    """An article was deleted: what it was, and (Deletion) who, when and how many spans.

    The spans' own history stays too (a delete row each, see corpus.services.article_delete);
    this row is what is left of the article. It keeps the article's id, not a foreign key.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    article_id = models.BigIntegerField(help_text="The deleted article's id.")
    title = models.CharField(max_length=500)
    external_id = models.CharField(max_length=200, blank=True)
    content_hash = models.CharField(max_length=64)

    class Meta(Deletion.Meta):
        pass

    def __str__(self) -> str:
        return f"“{self.title}” (article {self.article_id}) deleted by {self.actor or 'someone'}"


class ProjectDeletion(Deletion):
    """A project was deleted, and with it its articles, spans and their history: what it held.

    Deleting a project erases its whole record (corpus.services.project_delete); this row is
    the only trace, with counts and no content.
    """

    project_id = models.BigIntegerField(help_text="The deleted project's id.")
    name = models.CharField(max_length=200)
    articles = models.PositiveIntegerField(default=0)
    history_rows = models.PositiveIntegerField(default=0, help_text="Span history rows erased.")

    class Meta(Deletion.Meta):
        pass

    def __str__(self) -> str:
        return f"Project “{self.name}” ({self.project_id}) deleted by {self.actor or 'someone'}"


class ProjectChange(models.Model):
    """A change to a project's team or labels, by whom and when: the console's history. Kept
    when the member or label it names is gone (it names them in `summary`, not by key)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=32, help_text="e.g. member.add, label.retire")
    summary = models.CharField(max_length=500, help_text="What changed, for people.")
    detail = models.JSONField(default=dict, blank=True, help_text="Before and after.")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["project", "-at"], name="project_change_recent")]

    def __str__(self) -> str:
        return f"{self.project}: {self.summary}"
