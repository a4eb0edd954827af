"""History rows outlive their article: deleting one no longer cascades to them through the ORM.

No column changes (the field has no database constraint): a no-op in SQL on both databases.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0005_leaner_writes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="spanhistory",
            name="article",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="corpus.article",
            ),
        ),
    ]
