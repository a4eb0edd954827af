"""Relations between spans (with their types and history) and attributes on spans.

Existing projects get the default relation types and label attributes new projects start with
(corpus/labels.py). On SQLite adding Span.attributes rebuilds annotations_span, so the
text-freeze trigger steps aside.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from newsannot.annotations.triggers import without_trigger_on_sqlite


def seed(apps, schema_editor):
    from newsannot.corpus.labels import seed_structure

    for project_id in apps.get_model("corpus", "Project").objects.values_list("pk", flat=True):
        seed_structure(
            project_id,
            relation_type_model=apps.get_model("annotations", "RelationType"),
            label_model=apps.get_model("corpus", "Label"),
            attribute_model=apps.get_model("annotations", "LabelAttribute"),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0007_span_outlet"),
        ("corpus", "0006_article_project_id_order"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        *without_trigger_on_sqlite(
            migrations.AddField(
                model_name="span",
                name="attributes",
                field=models.JSONField(
                    blank=True,
                    default=dict,
                    help_text="{key: value} for the label's attributes (LabelAttribute), each value one of the key's list.",
                ),
            ),
        ),
        migrations.CreateModel(
            name="RelationType",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "key",
                    models.SlugField(
                        help_text="Stable identifier used in the API and exports.", max_length=64
                    ),
                ),
                ("name", models.CharField(max_length=100)),
                (
                    "from_labels",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="Label keys a relation may start at; empty: any.",
                    ),
                ),
                (
                    "to_labels",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="Label keys a relation may end at; empty: any.",
                    ),
                ),
                (
                    "shortcut",
                    models.CharField(
                        blank=True,
                        help_text="The key that picks this type in the annotate view.",
                        max_length=1,
                    ),
                ),
                (
                    "retired",
                    models.BooleanField(
                        default=False, help_text="Kept for its relations; no new ones."
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=0)),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="relation_types",
                        to="corpus.project",
                    ),
                ),
            ],
            options={
                "ordering": ["project_id", "order", "key"],
            },
        ),
        migrations.CreateModel(
            name="Relation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("note", models.TextField(blank=True)),
                (
                    "origin",
                    models.CharField(
                        choices=[
                            ("manual", "Manual"),
                            ("imported", "Imported"),
                            ("suggested", "Accepted suggestion"),
                        ],
                        default="manual",
                        max_length=16,
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Pending"),
                            ("approved", "Approved"),
                            ("rejected", "Rejected"),
                        ],
                        default="pending",
                        max_length=16,
                    ),
                ),
                ("reviewed_at", models.DateTimeField(blank=True, null=True)),
                ("review_reason", models.TextField(blank=True)),
                (
                    "version",
                    models.PositiveIntegerField(
                        default=1,
                        help_text="Goes up with every change; a stale version is refused (409).",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "annotator",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="relations",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="relations",
                        to="corpus.article",
                    ),
                ),
                (
                    "from_span",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="relations_out",
                        to="annotations.span",
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="relations",
                        to="corpus.project",
                    ),
                ),
                (
                    "reviewer",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reviewed_relations",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "to_span",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="relations_in",
                        to="annotations.span",
                    ),
                ),
                (
                    "type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="relations",
                        to="annotations.relationtype",
                    ),
                ),
            ],
            options={
                "ordering": ["article_id", "id"],
            },
        ),
        migrations.CreateModel(
            name="LabelAttribute",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.SlugField(max_length=64)),
                ("name", models.CharField(max_length=100)),
                ("values", models.JSONField(help_text="The allowed values, in the order shown.")),
                ("order", models.PositiveSmallIntegerField(default=0)),
                (
                    "label",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="attributes",
                        to="corpus.label",
                    ),
                ),
            ],
            options={
                "ordering": ["label_id", "order", "key"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("label", "key"), name="label_attribute_unique_key"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="RelationHistory",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("create", "Created"),
                            ("update", "Changed"),
                            ("approve", "Approved"),
                            ("reject", "Rejected"),
                            ("reopen", "Reopened"),
                            ("delete", "Deleted"),
                        ],
                        max_length=16,
                    ),
                ),
                ("at", models.DateTimeField(auto_now_add=True)),
                ("before", models.JSONField(blank=True, null=True)),
                ("after", models.JSONField(blank=True, null=True)),
                ("reason", models.TextField(blank=True)),
                (
                    "actor",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="corpus.article",
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="corpus.project",
                    ),
                ),
                (
                    "relation",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="history",
                        to="annotations.relation",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "relation history",
                "ordering": ["relation_id", "at", "id"],
                "indexes": [models.Index(fields=["relation", "at"], name="relation_history_at")],
            },
        ),
        migrations.AddConstraint(
            model_name="relationtype",
            constraint=models.UniqueConstraint(
                fields=("project", "key"), name="relation_type_unique_key"
            ),
        ),
        migrations.AddIndex(
            model_name="relation",
            index=models.Index(fields=["article", "id"], name="relation_article"),
        ),
        migrations.AddIndex(
            model_name="relation",
            index=models.Index(fields=["project", "status", "id"], name="relation_project_status"),
        ),
        migrations.AddConstraint(
            model_name="relation",
            constraint=models.CheckConstraint(
                condition=models.Q(("from_span", models.F("to_span")), _negated=True),
                name="relation_not_to_itself",
            ),
        ),
        migrations.AddConstraint(
            model_name="relation",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["pending", "approved", "rejected"])),
                name="relation_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="relation",
            constraint=models.CheckConstraint(
                condition=models.Q(("origin__in", ["manual", "imported", "suggested"])),
                name="relation_origin_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="relation",
            constraint=models.UniqueConstraint(
                fields=("from_span", "to_span", "type"), name="relation_unique_link"
            ),
        ),
        migrations.CreateModel(
            name="SourceName",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("normalised", models.CharField(max_length=500)),
                ("name", models.CharField(max_length=200)),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="source_names",
                        to="corpus.project",
                    ),
                ),
            ],
            options={
                "ordering": ["project_id", "name", "normalised"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("project", "normalised"), name="source_name_unique_normalised"
                    )
                ],
            },
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
