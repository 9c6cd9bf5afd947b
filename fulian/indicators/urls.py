from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("", views.values, name="values"),
    path("registry/", views.registry, name="registry"),
    path("<int:indicator_id>/<int:unit_id>/<int:year>/", views.value_save, name="value_save"),
]
