"""Each span keeps the outlet it names: a state-media-source span's quote is looked up in the
registry when the span is written (and again when the registry changes), not for every span of
every export. `outlet_by_hand` marks an outlet a person chose, which detection leaves alone.

Existing spans are filled in here: one look-up per distinct quote, one UPDATE per outlet and
thousand spans. On SQLite adding the columns rebuilds annotations_span, so the text-freeze
trigger steps aside.
"""

import django.db.models.deletion
from django.db import migrations, models

from newsannot.annotations.triggers import without_trigger_on_sqlite


def fill(apps, schema_editor):
    from newsannot.outlets.registry import from_rows
    from newsannot.outlets.services import spans_detect_outlets

    Outlet = apps.get_model("outlets", "Outlet")
    reg = from_rows(Outlet.objects.values("id", "name", "country", "typology", "aliases"))
    spans_detect_outlets(
        reg=reg,
        span_model=apps.get_model("annotations", "Span"),
        label_model=apps.get_model("corpus", "Label"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0006_history_outlives_articles"),
        ("outlets", "0002_seed_state_media_matrix"),
    ]

    operations = [
        *without_trigger_on_sqlite(
            migrations.AddField(
                model_name="span",
                name="outlet",
                field=models.ForeignKey(
                    blank=True,
                    db_index=False,
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="spans",
                    to="outlets.outlet",
                ),
            ),
            migrations.AddField(
                model_name="span",
                name="outlet_by_hand",
                field=models.BooleanField(
                    default=False,
                    help_text="The outlet was chosen by a person: detection never overwrites it.",
                ),
            ),
            migrations.AddIndex(
                model_name="span",
                index=models.Index(
                    condition=models.Q(("outlet__isnull", False)),
                    fields=["outlet"],
                    name="span_outlet",
                ),
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
