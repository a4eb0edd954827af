"""Create the demo project, its users and articles. Safe to run again: it adds what is missing."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from newsannot.annotations.services import span_create, span_review
from newsannot.corpus.demo_articles import ARTICLES
from newsannot.corpus.models import Project, Role
from newsannot.corpus.services import (
    article_create,
    membership_set,
    project_create,
)
from newsannot.workload.services import article_done

PROJECT_NAME = "Demo: state-media war reporting"

# Demo only: these passwords are printed and written in README.md.
DEMO_USERS = [
    ("analyst", "analyst-demo", Role.ANALYST, False),
    ("analyst2", "analyst2-demo", Role.ANALYST, False),
    ("reviewer", "reviewer-demo", Role.REVIEWER, False),
    ("manager", "manager-demo", Role.MANAGER, False),
    ("admin", "admin-demo", None, True),
]

# Articles the demo analyst has finished.
DONE = {"demo-001", "demo-002", "demo-006"}

# A second analyst's take on the first article, so agreement has something to measure.
SECOND_OPINION = [
    ("attribution", "the Defence Ministry said on Thursday"),
    ("unverified-claim", "Precision strikes hit only military targets, Saltanov said"),
    ("state-media-source", "Source: RT"),
]


def _offsets(text: str, quote: str, occurrence: int) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = text.index(quote, start + 1)
    return start, start + len(quote)


class Command(BaseCommand):
    help = "Create the demo project, demo users and sample articles (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        users = self._users()
        project = Project.objects.filter(name=PROJECT_NAME).first() or project_create(
            name=PROJECT_NAME,
            description="Invented articles in the style of state-media sourced war reporting.",
            guidelines=(
                "Mark who is said to have said what (attribution), claims of fact offered "
                "without evidence (unverified claim), and state-controlled outlets named as "
                "the source (state-media source). Select the smallest span that carries it."
            ),
        )
        for username, _, role, _ in DEMO_USERS:
            if role:
                membership_set(project=project, user=users[username], role=role)
        created = 0
        for spec in ARTICLES:
            result = article_create(
                project=project,
                title=spec["title"],
                text=spec["text"],
                url=spec["url"],
                outlet=spec["outlet"],
                published_at=dt.date.fromisoformat(spec["published_at"]),
                external_id=spec["external_id"],
                created_by=users["manager"],
            )
            if result.created:
                created += 1
                self._annotate(result.article, spec["spans"], users)
                if spec["external_id"] in DONE:
                    article_done(article=result.article, user=users["analyst"])
        self.stdout.write(
            f"Demo project {project.name!r}: {created} new article(s), "
            f"{project.articles.count()} in all."
        )
        self.stdout.write("Demo logins (demo only, never use these anywhere else):")
        for username, password, role, _ in DEMO_USERS:
            self.stdout.write(f"  {username:<9} {password:<14} {role or 'site admin'}")

    def _users(self) -> dict:
        User = get_user_model()
        users = {}
        for username, password, _, superuser in DEMO_USERS:
            user, made = User.objects.get_or_create(
                username=username, defaults={"is_superuser": superuser, "is_staff": superuser}
            )
            if made:
                user.set_password(password)
                user.save()
            users[username] = user
        return users

    def _annotate(self, article, spans, users) -> None:
        for label, quote, occurrence, status in spans:
            start, end = _offsets(article.text, quote, occurrence)
            span = span_create(
                article=article,
                label=label,
                start=start,
                end=end,
                quote=quote,
                annotator=users["analyst"],
            )
            if status != "pending":
                span_review(
                    span=span,
                    reviewer=users["reviewer"],
                    decision="approve" if status == "approved" else "reject",
                    version=span.version,
                    reason=""
                    if status == "approved"
                    else "Attribution, not a claim."
                    if label == "unverified-claim"
                    else "Too vague to label.",
                )
        if article.external_id == "demo-001":
            for label, quote in SECOND_OPINION:
                start, end = _offsets(article.text, quote, 1)
                span_create(
                    article=article,
                    label=label,
                    start=start,
                    end=end,
                    quote=quote,
                    annotator=users["analyst2"],
                )
