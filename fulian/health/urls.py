from django.urls import path

from . import views

app_name = "health"
urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("new/", views.campaign_create, name="campaign_create"),
    path("<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("<int:pk>/screenings/new/", views.screening_create, name="screening_create"),
    path("<int:pk>/counts/new/", views.count_create, name="count_create"),
    path("screenings/<int:pk>/", views.screening_detail, name="screening_detail"),
    path("screenings/<int:pk>/result/", views.screening_result, name="screening_result"),
    path("screenings/<int:pk>/aid/", views.screening_aid, name="screening_aid"),
]
