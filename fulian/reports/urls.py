from django.urls import path

from . import figure_records, verify_views, views

app_name = "reports"
urlpatterns = [
    path("stats/", views.stats, name="stats"),
    path("stats/status/", views.stats_status, name="stats_status"),
    path("stats/refresh/", views.stats_refresh, name="stats_refresh"),
    path("figure/<str:key>/", views.figure_trace, name="figure"),
    path("figure/<str:key>/records/", figure_records.figure_records, name="figure_records"),
    path("summaries/", views.summary_list, name="summary_list"),
    path("summaries/<int:pk>/", views.summary_detail, name="summary_detail"),
    path("summaries/<int:pk>/status/", views.summary_status, name="summary_status"),
    path("summaries/<int:pk>/regenerate/", views.summary_regenerate, name="summary_regenerate"),
    path("summaries/<int:pk>/cancel/", views.summary_cancel, name="summary_cancel"),
    path("summaries/<int:pk>/retry/", views.summary_retry, name="summary_retry"),
    path("summaries/<int:pk>/header/", views.summary_header, name="summary_header"),
    path("summaries/<int:pk>/paragraphs/<int:paragraph_id>/", views.paragraph_edit, name="paragraph_edit"),
    path("summaries/<int:pk>/verify/", verify_views.summary_verify, name="summary_verify"),
    path("summaries/<int:pk>/docx/", views.summary_docx, name="summary_docx"),
    path("summaries/<int:pk>/pdf/", views.summary_pdf, name="summary_pdf"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("plan/", views.plan, name="plan"),
    path("plan/<int:unit_id>/<int:year>/add/", views.plan_item_save, name="plan_item_add"),
    path("plan/<int:unit_id>/<int:year>/<int:pk>/", views.plan_item_save, name="plan_item_edit"),
    path("plan/items/<int:pk>/delete/", views.plan_item_delete, name="plan_item_delete"),
]
