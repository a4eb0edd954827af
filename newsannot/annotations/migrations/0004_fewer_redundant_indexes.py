"""Drop single-column indexes that a composite index already serves (cheaper span inserts).

On SQLite these changes rebuild annotations_span, so the text-freeze trigger steps aside.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from newsannot.annotations.triggers import without_trigger_on_sqlite


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0003_ordering_by_ids"),
        ("corpus", "0003_ordering_by_ids"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = without_trigger_on_sqlite(
        migrations.AlterField(
            model_name="span",
            name="annotator",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="spans",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="span",
            name="article",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="spans",
                to="corpus.article",
            ),
        ),
        migrations.AlterField(
            model_name="span",
            name="project",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="spans",
                to="corpus.project",
            ),
        ),
        migrations.AlterField(
            model_name="span",
            name="updated_at",
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.AlterField(
            model_name="spanhistory",
            name="span",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="history",
                to="annotations.span",
            ),
        ),
    )
