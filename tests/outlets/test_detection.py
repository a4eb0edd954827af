from __future__ import annotations

import pytest

from newsannot.corpus.services import article_create
from newsannot.outlets.domains import registrable_domain
from newsannot.outlets.models import ArticleOutlet, How
from newsannot.outlets.services import articles_detect_outlets, detect_outlet


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.rt.com/news/x", "rt.com"),
        ("https://francais.rt.com/international/1-x", "rt.com"),
        ("http://www.rtb.gov.bn/", "rtb.gov.bn"),
        ("news.rthk.hk", "rthk.hk"),
        ("", ""),
        ("not a url", ""),
        ("http://127.0.0.1/x", ""),
    ],
)
def test_registrable_domain_is_the_bare_domain_under_the_public_suffix(url, domain):
    assert registrable_domain(url) == domain


@pytest.mark.parametrize(
    "url", ["https://www.rt.com/news/x", "https://francais.rt.com/international/1-x"]
)
def test_it_detects_rt_from_any_of_its_urls(db, url):
    info, how = detect_outlet(url=url, text="Nothing here.")
    assert info.name == "RT"
    assert how == How.DOMAIN


def test_it_detects_the_outlet_from_a_source_line(db):
    info, how = detect_outlet(url="https://example.org/a", text="Body text.\n\nSource: TASS\n")
    assert (info.name, how) == ("TASS", How.SOURCE_LINE)


def test_it_detects_the_outlet_from_a_via_mention(db):
    info, how = detect_outlet(url="", text="The footage was shared via Russia Today's website.")
    assert (info.name, how) == ("RT", How.SOURCE_LINE)


def test_it_falls_back_to_the_outlet_name_given_on_import(db):
    info, how = detect_outlet(url="", text="No source line.", outlet_name="xinhua")
    assert how == How.NAME
    assert "Xinhua" in info.name or "Xinhua" in " ".join(info.aliases)


def test_it_finds_nothing_for_an_unknown_outlet(db):
    assert detect_outlet(url="https://example.org/", text="Source: my blog", outlet_name="") is None


def test_detection_is_stored_per_article_and_replaced_on_rerun(article, project):
    articles_detect_outlets([article])
    link = ArticleOutlet.objects.get(article=article)
    assert link.outlet.name == "RT"  # example.org is unknown; the "Source: RT" line says RT
    assert link.how == How.SOURCE_LINE
    article.url = "https://tass.com/politics/1"
    articles_detect_outlets([article])
    assert ArticleOutlet.objects.get(article=article).outlet.name == "TASS"


def test_an_article_with_no_known_outlet_has_no_link(project, manager):
    plain = article_create(
        project=project, title="Plain", text="Nothing to see.", created_by=manager
    ).article
    assert articles_detect_outlets([plain]) == {plain.pk: None}
    assert not ArticleOutlet.objects.filter(article=plain).exists()
