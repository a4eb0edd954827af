from django.apps import AppConfig


class CorpusConfig(AppConfig):
    name = "newsannot.corpus"
    verbose_name = "Corpus"
