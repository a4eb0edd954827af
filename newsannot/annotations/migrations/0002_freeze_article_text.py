"""A database trigger refuses to change an article's text once it has a span (triggers.py)."""

from django.db import migrations

from newsannot.annotations.triggers import create_trigger


class Migration(migrations.Migration):
    dependencies = [("annotations", "0001_initial")]

    operations = [create_trigger()]
