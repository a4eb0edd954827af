"""The text search index leaves out what a bulk import has not had indexed yet (corpus/search.py).

The trigram index on UPPER(text) becomes partial (WHERE text_indexed), so storing an article with
text_indexed = false computes no trigrams; a small partial index finds that backlog.
"""

from django.db import migrations, models

UP = """
DROP INDEX IF EXISTS article_text_trgm;
CREATE INDEX article_text_trgm ON corpus_article USING gin (UPPER(text) gin_trgm_ops)
    WHERE text_indexed;
"""
DOWN = """
DROP INDEX IF EXISTS article_text_trgm;
CREATE INDEX article_text_trgm ON corpus_article USING gin (UPPER(text) gin_trgm_ops);
"""


def _on_postgres(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("corpus", "0003_ordering_by_ids")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="text_indexed",
            field=models.BooleanField(
                default=True,
                editable=False,
                help_text="In the text search index; bulk imports leave it for later "
                "(corpus/search.py).",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("text_indexed", False)),
                fields=["project"],
                name="article_text_pending",
            ),
        ),
        migrations.RunPython(_on_postgres(UP), _on_postgres(DOWN)),
    ]
