import io

from django.contrib.auth import get_user_model
from django.core.management import call_command

from newsannot.annotations.models import Span, Status
from newsannot.corpus.models import Article, Project


def test_the_demo_loads_twice_without_error_or_duplicates(db):
    call_command("load_demo", stdout=io.StringIO())
    counts = (Project.objects.count(), Article.objects.count(), Span.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Project.objects.count(), Article.objects.count(), Span.objects.count()) == counts
    assert Article.objects.count() >= 6


def test_the_demo_has_spans_in_every_review_state_and_non_latin_text(db):
    call_command("load_demo", stdout=io.StringIO())
    assert set(Span.objects.values_list("status", flat=True)) == set(Status.values)
    texts = " ".join(Article.objects.values_list("text", flat=True))
    assert "🌊" in texts and "外交部" in texts and "Один" in texts
    # Every demo span sits on its quote.
    for span in Span.objects.select_related("article"):
        assert span.article.text[span.start : span.end] == span.quote


def test_the_demo_users_can_log_in(db, client):
    call_command("load_demo", stdout=io.StringIO())
    for username in ("analyst", "reviewer", "manager", "admin"):
        assert client.login(username=username, password=f"{username}-demo")
    assert get_user_model().objects.get(username="admin").is_superuser
