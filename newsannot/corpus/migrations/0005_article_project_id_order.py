"""A project's articles in id order from one index, article_project_id (project, id).

It replaces the foreign key's own index on project alone: one index whose order every
project-wide read of articles (the article list, the export's chunks) can follow, instead of two
the planner has to choose between on statistics that a bulk import has just made stale.

Only the index changes: on SQLite, altering the field would rebuild corpus_article (dropping the
text-freeze trigger with it), so the database side drops the old index by name instead.
"""

import django.db.models.deletion
from django.db import migrations, models

TABLE = "corpus_article"


def _fk_index_name(schema_editor) -> str:
    # The name Django gave the foreign key's index when it created the field.
    return schema_editor._create_index_name(TABLE, ["project_id"])


def drop_fk_index(apps, schema_editor):
    name = schema_editor.quote_name(_fk_index_name(schema_editor))
    schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def create_fk_index(apps, schema_editor):
    name = schema_editor.quote_name(_fk_index_name(schema_editor))
    schema_editor.execute(f'CREATE INDEX IF NOT EXISTS {name} ON {TABLE} ("project_id")')


class Migration(migrations.Migration):
    dependencies = [("corpus", "0004_text_index_backlog")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="article",
                    name="project",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="articles",
                        to="corpus.project",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop_fk_index, create_fk_index)],
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["project", "id"], name="article_project_id"),
        ),
    ]
