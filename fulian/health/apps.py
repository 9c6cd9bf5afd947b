from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "fulian.health"
    label = "health"
    verbose_name = "健康筛查"
