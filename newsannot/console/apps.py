from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "newsannot.console"
    verbose_name = "Manager's console"
