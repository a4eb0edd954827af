from django.apps import AppConfig


class SuggestionsConfig(AppConfig):
    name = "newsannot.suggestions"
    verbose_name = "Suggestions"
