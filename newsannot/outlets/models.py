from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from newsannot.corpus.models import Article


class Typology(models.TextChoices):
    """State Media Monitor's typology (statemediamonitor.com/typology), by its own codes."""

    STATE_CONTROLLED = "SC", "State-controlled"
    CAPTURED_PUBLIC = "CaPu", "Captured public / state-managed"
    CAPTURED_PRIVATE = "CaPr", "Captured private"
    INDEPENDENT_FUNDED_MANAGED = "ISFM", "Independent state-funded and state-managed"
    INDEPENDENT_FUNDED = "ISF", "Independent state-funded"
    INDEPENDENT_MANAGED = "ISM", "Independent state-managed"
    INDEPENDENT_PUBLIC = "IP", "Independent public"
    UNKNOWN = "", "Unknown"


# Outlets whose editorial line the state controls: what the state-media-source label is about.
CONTROLLED = {Typology.STATE_CONTROLLED, Typology.CAPTURED_PUBLIC, Typology.CAPTURED_PRIVATE}
# Spans with this label key name an outlet (Span.outlet): "Source: RT", "told Rossiya channel".
OUTLET_LABEL = "state-media-source"
ALIAS_MAX = 200


class Outlet(models.Model):
    name = models.CharField(max_length=300)
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other names it goes by: brands, acronyms, languages."
    )
    country = models.CharField(max_length=100, blank=True)
    typology = models.CharField(
        max_length=8, choices=Typology.choices, blank=True, default=Typology.UNKNOWN
    )
    notes = models.TextField(blank=True)
    source = models.CharField(
        max_length=200, blank=True, help_text="Where this entry comes from, e.g. a data set."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "country", "id"]
        constraints = [
            models.UniqueConstraint(fields=["name", "country"], name="outlet_unique_name"),
            models.CheckConstraint(
                condition=Q(typology__in=Typology.values), name="outlet_typology_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country})" if self.country else self.name

    @property
    def is_controlled(self) -> bool:
        return self.typology in CONTROLLED


class OutletDomain(models.Model):
    """A registrable domain (rt.com, not francais.rt.com) that belongs to one outlet."""

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(max_length=253, unique=True)

    class Meta:
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain


class How(models.TextChoices):
    DOMAIN = "domain", "from the URL's domain"
    SOURCE_LINE = "source-line", "from a “Source:” or “via” line"
    NAME = "name", "from the outlet name given on import"


class ArticleOutlet(models.Model):
    """The outlet an article was detected to come from, and how we know."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="outlet_link")
    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="article_links")
    how = models.CharField(max_length=16, choices=How.choices)
    detected_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["article"]
        constraints = [
            models.CheckConstraint(condition=Q(how__in=How.values), name="article_outlet_how_valid")
        ]

    def __str__(self) -> str:
        return f"{self.article} ← {self.outlet}"


class OutletAlias(models.Model):
    """A name a manager taught the registry ("Perviy", "1TV"): matched like the outlet's own
    aliases, kept apart from them so a re-seed or a CSV import of the outlet never drops it, and
    so the registry page says who added it."""

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="added_aliases")
    alias = models.CharField(max_length=ALIAS_MAX)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["alias", "id"]
        constraints = [
            models.UniqueConstraint(fields=["outlet", "alias"], name="outlet_alias_unique")
        ]

    def __str__(self) -> str:
        return f"{self.alias} → {self.outlet}"
