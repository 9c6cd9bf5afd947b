from django.urls import path

from . import views

app_name = "spreadsheets"
urlpatterns = [
    path("imports/", views.job_list, name="jobs"),
    path("imports/<int:pk>/", views.job_detail, name="job"),
    path("imports/<int:pk>/progress/", views.job_progress, name="job_progress"),
    path("imports/<int:pk>/confirm/", views.job_confirm, name="job_confirm"),
    path("imports/<int:pk>/cancel/", views.job_cancel, name="job_cancel"),
    path("imports/<int:pk>/retry/", views.job_retry, name="job_retry"),
    path("<slug:spec_name>/template/", views.template_download, name="template"),
    path("<slug:spec_name>/import/", views.import_start, name="import"),
    path("<slug:spec_name>/export/", views.export, name="export"),
]
