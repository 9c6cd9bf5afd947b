from django.urls import path

from . import views

app_name = "care"
urlpatterns = [
    path("", views.pairing_list, name="pairing_list"),
    path("new/", views.pairing_create, name="pairing_create"),
    path("<int:pk>/", views.pairing_detail, name="pairing_detail"),
    path("<int:pk>/repair/", views.pairing_repair, name="pairing_repair"),
    path("<int:pk>/end/", views.pairing_end, name="pairing_end"),
    path("<int:pk>/visits/new/", views.visit_create, name="visit_create"),
    path("volunteers/", views.volunteer_list, name="volunteer_list"),
    path("volunteers/new/", views.volunteer_create, name="volunteer_create"),
]
