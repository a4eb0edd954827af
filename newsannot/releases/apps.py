from django.apps import AppConfig


class ReleasesConfig(AppConfig):
    name = "newsannot.releases"
    verbose_name = "Releases"
