from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("<int:pk>/", views.unit_detail, name="unit"),
    path("<int:pk>/children/", views.children, name="children"),
    path("<int:pk>/federation/add/", views.federation_add, name="federation_add"),
    path("federation/<int:pk>/edit/", views.federation_edit, name="federation_edit"),
    path("federation/<int:pk>/end/", views.federation_end, name="federation_end"),
    path("<int:pk>/zones/", views.zone_list, name="zones"),
    path("<int:pk>/zones/add/", views.zone_create, name="zone_create"),
    path("zones/<int:pk>/edit/", views.zone_edit, name="zone_edit"),
    path("zones/<int:pk>/delete/", views.zone_delete, name="zone_delete"),
]
