from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fulian.core"
    label = "core"
    verbose_name = "公共"

    def ready(self) -> None:
        from django.core import checks as django_checks

        from . import checks, roles

        roles.load()  # every app's capabilities.py
        django_checks.register(checks.capability_tables)
