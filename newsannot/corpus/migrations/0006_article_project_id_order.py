"""A project's articles in id order from one index, article_project_id (project, id).

Every project-wide read of articles (the article list, the export's chunks) follows that order.
Right after a bulk import the planner takes the new project for a handful of rows, and then any
other index starting with the project looks as good, and a sort of "one row" free: it read the
whole project and sorted it for each page. So no other index on articles starts with the
project and can serve such a query:
- the foreign key's own index on project goes (article_project_id serves everything it did);
- article_project_date goes (nothing filters articles by date);
- article_project_outlet becomes partial (outlet <> ''): only a query that names an outlet can
  use it; the single-column index on outlet goes (every outlet filter is within a project).

Only indexes change: on SQLite, altering the fields would rebuild corpus_article (dropping the
text-freeze trigger with it), so the database side drops the old indexes by name instead.
"""

import django.db.models.deletion
from django.db import migrations, models

TABLE = "corpus_article"


def _names(schema_editor) -> list[str]:
    # The names Django gave the fields' own indexes when it created them.
    names = [
        schema_editor._create_index_name(TABLE, ["project_id"]),
        schema_editor._create_index_name(TABLE, ["outlet"]),
    ]
    if schema_editor.connection.vendor == "postgresql":
        names.append(schema_editor._create_index_name(TABLE, ["outlet"], suffix="_like"))
    return names


def drop_field_indexes(apps, schema_editor):
    for name in _names(schema_editor):
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


def create_field_indexes(apps, schema_editor):
    project, outlet, *like = _names(schema_editor)
    q = schema_editor.quote_name
    schema_editor.execute(f'CREATE INDEX IF NOT EXISTS {q(project)} ON {TABLE} ("project_id")')
    schema_editor.execute(f'CREATE INDEX IF NOT EXISTS {q(outlet)} ON {TABLE} ("outlet")')
    for name in like:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {q(name)} ON {TABLE} ("outlet" varchar_pattern_ops)'
        )


class Migration(migrations.Migration):
    dependencies = [("corpus", "0005_deletion_records")]

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
                migrations.AlterField(
                    model_name="article",
                    name="outlet",
                    field=models.CharField(blank=True, max_length=200),
                ),
            ],
            database_operations=[migrations.RunPython(drop_field_indexes, create_field_indexes)],
        ),
        migrations.RemoveIndex(model_name="article", name="article_project_date"),
        migrations.RemoveIndex(model_name="article", name="article_project_outlet"),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["project", "id"], name="article_project_id"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("outlet", ""), _negated=True),
                fields=["project", "outlet"],
                name="article_project_outlet",
            ),
        ),
    ]
