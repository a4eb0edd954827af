import django.db.models.deletion
import django.db.models.functions.text
import django.db.models.lookups
from django.conf import settings
from django.db import migrations, models

import newsannot.lib.colours


def normalise_colours(apps, schema_editor):
    """Before the check: colours that were never validated everywhere are made #rrggbb
    (`abc123`, `#ABC` read as meant; anything else the neutral grey)."""
    Label = apps.get_model("corpus", "Label")
    for label in Label.objects.only("color").iterator():
        if not newsannot.lib.colours.is_colour(label.color):
            label.color = newsannot.lib.colours.normalised(label.color)
            label.save(update_fields=["color"])


class Migration(migrations.Migration):
    dependencies = [
        ("corpus", "0006_article_project_id_order"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="label",
            name="label_unique_shortcut",
        ),
        migrations.AddField(
            model_name="label",
            name="retired",
            field=models.BooleanField(
                default=False,
                help_text="Offered for no new spans; its spans stay, in the data and in exports.",
            ),
        ),
        migrations.AlterField(
            model_name="label",
            name="color",
            field=models.CharField(
                default="#4c78a8",
                help_text="Highlight colour, as #rrggbb.",
                max_length=7,
                validators=[newsannot.lib.colours.validate_colour],
            ),
        ),
        migrations.AddConstraint(
            model_name="label",
            constraint=models.UniqueConstraint(
                condition=models.Q(models.Q(("shortcut", ""), _negated=True), ("retired", False)),
                fields=("project", "shortcut"),
                name="label_unique_shortcut",
            ),
        ),
        migrations.RunPython(normalise_colours, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="label",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    django.db.models.lookups.Exact(
                        django.db.models.functions.text.Length("color"), 7
                    ),
                    django.db.models.lookups.Exact(
                        django.db.models.functions.text.Substr("color", 1, 1), "#"
                    ),
                    django.db.models.lookups.In(
                        django.db.models.functions.text.Substr("color", 2, 1),
                        [
                            "0",
                            "1",
                            "2",
                            "3",
                            "4",
                            "5",
                            "6",
                            "7",
                            "8",
                            "9",
                            "a",
                            "b",
                            "c",
                            "d",
                            "e",
                            "f",
                            "A",
                            "B",
                            "C",
                            "D",
                            "E",
                            "F",
                        ],
                    ),
                    django.db.models.lookups.In(
                        django.db.models.functions.text.Substr("color", 3, 1),
                        [
                            "0",
                            "1",
                            "2",
                            "3",
                            "4",
                            "5",
                            "6",
                            "7",
                            "8",
                            "9",
                            "a",
                            "b",
                            "c",
                            "d",
                            "e",
                            "f",
                            "A",
                            "B",
                            "C",
                            "D",
                            "E",
                            "F",
                        ],
                    ),
                    django.db.models.lookups.In(
                        django.db.models.functions.text.Substr("color", 4, 1),
                        [
                            "0",
                            "1",
                            "2",
                            "3",
                            "4",
                            "5",
                            "6",
                            "7",
                            "8",
                            "9",
                            "a",
                            "b",
                            "c",
                            "d",
                            "e",
                            "f",
                            "A",
                            "B",
                            "C",
                            "D",
                            "E",
                            "F",
                        ],
                    ),
                    django.db.models.lookups.In(
                        django.db.models.functions.text.Substr("color", 5, 1),
                        [
                            "0",
                            "1",
                            "2",
                            "3",
                            "4",
                            "5",
                            "6",
                            "7",
                            "8",
                            "9",
                            "a",
                            "b",
                            "c",
                            "d",
                            "e",
                            "f",
                            "A",
                            "B",
                            "C",
                            "D",
                            "E",
                            "F",
                        ],
                    ),
                    django.db.models.lookups.In(
                        django.db.models.functions.text.Substr("color", 6, 1),
                        [
                            "0",
                            "1",
                            "2",
                            "3",
                            "4",
                            "5",
                            "6",
                            "7",
                            "8",
                            "9",
                            "a",
                            "b",
                            "c",
                            "d",
                            "e",
                            "f",
                            "A",
                            "B",
                            "C",
                            "D",
                            "E",
                            "F",
                        ],
                    ),
                    django.db.models.lookups.In(
                        django.db.models.functions.text.Substr("color", 7, 1),
                        [
                            "0",
                            "1",
                            "2",
                            "3",
                            "4",
                            "5",
                            "6",
                            "7",
                            "8",
                            "9",
                            "a",
                            "b",
                            "c",
                            "d",
                            "e",
                            "f",
                            "A",
                            "B",
                            "C",
                            "D",
                            "E",
                            "F",
                        ],
                    ),
                ),
                name="label_color_hex",
            ),
        ),
        migrations.CreateModel(
            name="ProjectChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("at", models.DateTimeField(auto_now_add=True)),
                (
                    "action",
                    models.CharField(help_text="e.g. member.add, label.retire", max_length=32),
                ),
                (
                    "summary",
                    models.CharField(help_text="What changed, for people.", max_length=500),
                ),
                (
                    "detail",
                    models.JSONField(blank=True, default=dict, help_text="Before and after."),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="corpus.project",
                    ),
                ),
            ],
            options={
                "ordering": ["-at", "-id"],
                "indexes": [models.Index(fields=["project", "-at"], name="project_change_recent")],
            },
        ),
    ]
