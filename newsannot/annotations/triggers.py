"""The trigger that freezes an article's text once it has a span, for both databases.

The service layer says so with a clear message first; the trigger is the guarantee below it, for
the admin, a shell, a script, or a future bug.

SQLite caveat: Django alters a SQLite table by rebuilding it (create, copy, drop, rename), and
the rename fails while a trigger on another table names the dropped one. A migration that alters
annotations_span on SQLite must drop this trigger first and create it again after
(`without_trigger_on_sqlite`).
"""

from __future__ import annotations

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


def _run(sql_by_vendor: dict[str, str]):
    def run(apps, schema_editor):
        sql = sql_by_vendor.get(schema_editor.connection.vendor)
        if sql:
            schema_editor.execute(sql)

    return run


def create_trigger() -> migrations.RunPython:
    return migrations.RunPython(
        _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
        _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
    )


def without_trigger_on_sqlite(*operations, table: str = "annotations_span") -> list:
    """Wrap operations that rebuild `table` (annotations_span, or corpus_article, whose rebuild
    drops the trigger with the old table): on SQLite, no trigger during them, created again
    after, and the table's id sequence kept.

    A rebuild resets SQLite's AUTOINCREMENT counter to the highest id left in the table; a new
    span or article could then take the id of a deleted one, and with it that row's history
    (history rows and deletion records outlive their rows and refer to them by id).
    """
    drop = migrations.RunPython(_run({"sqlite": SQLITE_DOWN}), _run({"sqlite": SQLITE_UP}))
    create = migrations.RunPython(_run({"sqlite": SQLITE_UP}), _run({"sqlite": SQLITE_DOWN}))
    save = migrations.RunPython(_save_sequence(table), _restore_sequence(table))
    restore = migrations.RunPython(_restore_sequence(table), _save_sequence(table))
    return [save, drop, *operations, create, restore]


_saved: dict[str, int] = {}


def _save_sequence(table: str):
    def save(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "sqlite":
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
        _saved[table] = row[0] if row else 0

    return save


def _restore_sequence(table: str):
    def restore(apps, schema_editor) -> None:
        saved = _saved.pop(table, 0)
        if schema_editor.connection.vendor != "sqlite" or not saved:
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            if row is None:
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, saved]
                )
            elif row[0] < saved:
                cursor.execute(
                    "UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [saved, table]
                )

    return restore
