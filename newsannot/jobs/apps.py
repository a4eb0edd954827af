from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "newsannot.jobs"
    verbose_name = "Background jobs"
