from django.apps import AppConfig


class EmploymentConfig(AppConfig):
    name = "fulian.employment"
    label = "employment"
    verbose_name = "创业就业"
