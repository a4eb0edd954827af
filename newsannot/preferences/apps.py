from django.apps import AppConfig


class PreferencesConfig(AppConfig):
    name = "newsannot.preferences"
    verbose_name = "Preferences"

    def ready(self) -> None:
        from newsannot.preferences import receivers  # noqa: F401  (connects user_logged_in)
