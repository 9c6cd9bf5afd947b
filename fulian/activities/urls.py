from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("calendar/", views.activity_calendar, name="calendar"),
    path("new/", views.activity_create, name="create"),
    path("lists/", views.managed_lists, name="lists"),
    path("types/", views.type_list, name="types"),
    path("types/<int:pk>/edit/", views.type_edit, name="type_edit"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/edit/", views.activity_edit, name="edit"),
    path("<int:pk>/delete/", views.activity_delete, name="delete"),
    path("<int:pk>/teams/", views.team_add, name="team_add"),
    path("<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("<int:pk>/attachments/<int:att_pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/attachments/<int:att_pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("<int:pk>/participants/search/", views.participant_search, name="participant_search"),
    path("<int:pk>/participants/", views.participant_add, name="participant_add"),
    path(
        "<int:pk>/participants/<int:person_pk>/remove/",
        views.participant_remove,
        name="participant_remove",
    ),
]
