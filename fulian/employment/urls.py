from django.urls import path

from . import views

app_name = "employment"
urlpatterns = [
    path("", views.index, name="index"),
    path("trainings/new/", views.training_create, name="training_create"),
    path("trainings/<int:pk>/", views.training_detail, name="training_detail"),
    path("trainings/<int:pk>/trainees/new/", views.trainee_add, name="trainee_add"),
    path("fairs/new/", views.fair_create, name="fair_create"),
    path("fairs/<int:pk>/", views.fair_detail, name="fair_detail"),
    path("fairs/<int:pk>/employers/new/", views.employer_add, name="employer_add"),
    path("entrepreneurs/new/", views.entrepreneur_create, name="entrepreneur_create"),
    path("entrepreneurs/<int:pk>/", views.entrepreneur_detail, name="entrepreneur_detail"),
    path("entrepreneurs/<int:pk>/loans/new/", views.loan_add, name="loan_add"),
    path("loans/<int:pk>/repaid/", views.loan_repaid, name="loan_repaid"),
]
