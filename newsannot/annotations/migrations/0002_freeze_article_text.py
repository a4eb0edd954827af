"""A database trigger refuses to change an article's text once it has a span.

The service layer says so with a clear message first; this is the guarantee below it, for the
admin, a shell, a script, or a future bug.
"""

from django.db import migrations

MESSAGE = "article text is frozen: it has spans whose offsets point into it"

SQLITE_UP = f"""
CREATE TRIGGER article_text_frozen BEFORE UPDATE OF text ON corpus_article
WHEN NEW.text IS NOT OLD.text
  AND EXISTS (SELECT 1 FROM annotations_span WHERE article_id = OLD.id)
BEGIN
  SELECT RAISE(ABORT, '{MESSAGE}');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS article_text_frozen;"

POSTGRES_UP = f"""
CREATE OR REPLACE FUNCTION article_text_frozen() RETURNS trigger AS $$
BEGIN
  IF NEW.text IS DISTINCT FROM OLD.text
     AND EXISTS (SELECT 1 FROM annotations_span WHERE article_id = OLD.id) THEN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER article_text_frozen BEFORE UPDATE OF text ON corpus_article
FOR EACH ROW EXECUTE FUNCTION article_text_frozen();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS article_text_frozen ON corpus_article;
DROP FUNCTION IF EXISTS article_text_frozen();
"""


def _run(sql_by_vendor):
    def run(apps, schema_editor):
        sql = sql_by_vendor.get(schema_editor.connection.vendor)
        if sql:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("annotations", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
