from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from newsannot.corpus.models import Article, Label


class Suggestion(models.Model):
    """A span a rule proposes; kept apart from analysts' spans until someone accepts it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="suggestions")
    label = models.ForeignKey(Label, on_delete=models.CASCADE, related_name="suggestions")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField()
    score = models.FloatField()
    rule = models.CharField(max_length=64, help_text="The suggester that proposed it.")
    why = models.CharField(max_length=300, blank=True, help_text="The rule's reason, in words.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article", "start", "end", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end")), name="suggestion_start_before_end"
            ),
            models.UniqueConstraint(
                fields=["article", "label", "start", "end"], name="suggestion_unique_span"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule}: {self.label.key} [{self.start}, {self.end})"


class Dismissal(models.Model):
    """Someone said no to a suggestion. Keyed by the span, so a re-run does not bring it back."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    label = models.ForeignKey(Label, on_delete=models.CASCADE, related_name="+")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    rule = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article", "label", "start", "end"], name="dismissal_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} dismissed {self.label_id} [{self.start}, {self.end})"


class SuggestionRun(models.Model):
    """The suggesters ran on this article (perhaps finding nothing). Imported articles have
    none until first opened: the panel runs the suggesters then."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="suggestion_run"
    )
    ran_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["article"]

    def __str__(self) -> str:
        return f"suggesters ran on {self.article_id} at {self.ran_at}"


class RelationDismissal(models.Model):
    """Someone said no to a suggested relation between two spans (suggestions/relations.py).
    By span ids: the spans' deletion takes it along."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    from_span = models.ForeignKey(
        "annotations.Span", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    to_span = models.ForeignKey("annotations.Span", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_span", "to_span", "user"], name="relation_dismissal_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} dismissed {self.from_span_id} → {self.to_span_id}"
