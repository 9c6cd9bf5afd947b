from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fulian.core"
    label = "core"
    verbose_name = "公共"
