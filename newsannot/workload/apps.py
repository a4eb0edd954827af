from django.apps import AppConfig


class WorkloadConfig(AppConfig):
    name = "newsannot.workload"
    verbose_name = "Workload"
