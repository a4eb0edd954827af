from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import pre_save


class ApiConfig(AppConfig):
    name = "newsannot.api"
    verbose_name = "API"

    def ready(self) -> None:
        from newsannot.api.tokens import password_disabled

        pre_save.connect(
            password_disabled, sender=settings.AUTH_USER_MODEL, dispatch_uid="api-tokens"
        )
