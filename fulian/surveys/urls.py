from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("", views.questionnaire_list, name="list"),
    path("new/", views.questionnaire_create, name="create"),
    path("<int:pk>/", views.questionnaire_detail, name="detail"),
    path("<int:pk>/questions/", views.question_add, name="question_add"),
    path("<int:pk>/links/", views.links_create, name="links_create"),
    path("<int:pk>/results.xlsx", views.results_export, name="export"),
    path("links/<int:pk>/qr.svg", views.link_qr, name="qr"),
    path("s/<str:token>/", views.answer, name="answer"),
]
