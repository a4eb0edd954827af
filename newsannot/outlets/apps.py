from django.apps import AppConfig


class OutletsConfig(AppConfig):
    name = "newsannot.outlets"
    verbose_name = "Outlets"
