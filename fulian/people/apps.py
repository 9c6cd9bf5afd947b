from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "fulian.people"
    label = "people"
    verbose_name = "服务对象"
