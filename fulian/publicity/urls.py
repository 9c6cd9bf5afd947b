from django.urls import path

from . import views

app_name = "publicity"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.piece_create, name="piece_create"),
    path("ranking/", views.ranking, name="ranking"),
    path("<int:pk>/", views.piece_detail, name="piece_detail"),
    path("<int:pk>/file/", views.piece_file, name="piece_file"),
    path("<int:pk>/adoptions/new/", views.adoption_add, name="adoption_add"),
]
