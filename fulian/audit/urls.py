from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("changes/", views.change_list, name="change_list"),
    path("access/", views.access_list, name="access_list"),
]
