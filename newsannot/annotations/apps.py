from django.apps import AppConfig


class AnnotationsConfig(AppConfig):
    name = "newsannot.annotations"
    verbose_name = "Annotations"
