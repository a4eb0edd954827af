"""The article search uses the trigram indexes on PostgreSQL."""

import pytest
from django.db import connection

from newsannot.corpus.models import Article


@pytest.mark.postgres
def test_title_and_text_search_can_use_the_trigram_indexes(project, article):
    if connection.vendor != "postgresql":
        pytest.skip("trigram indexes exist on PostgreSQL only")
    query = Article.objects.filter(text__icontains="militant").order_by()
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "article_text_trgm" in plan, plan
