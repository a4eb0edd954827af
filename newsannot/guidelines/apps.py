from django.apps import AppConfig


class GuidelinesConfig(AppConfig):
    name = "newsannot.guidelines"
    verbose_name = "Project guidelines"
