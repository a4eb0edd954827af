"""Search in titles and texts stays fast at 100k articles on PostgreSQL: trigram indexes.

The article list filters with `icontains`, which PostgreSQL runs as `UPPER(col) LIKE UPPER(%s)`;
a GIN trigram index on `UPPER(col)` serves exactly that. pg_trgm is a trusted extension (PG 13+),
so the database owner may create it. SQLite has no such index and needs none at its scale.
"""

from django.db import migrations

UP = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS article_title_trgm ON corpus_article USING gin (UPPER(title) gin_trgm_ops);
CREATE INDEX IF NOT EXISTS article_text_trgm ON corpus_article USING gin (UPPER(text) gin_trgm_ops);
"""
DOWN = """
DROP INDEX IF EXISTS article_title_trgm;
DROP INDEX IF EXISTS article_text_trgm;
"""


def _on_postgres(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("corpus", "0001_initial")]

    operations = [migrations.RunPython(_on_postgres(UP), _on_postgres(DOWN))]
