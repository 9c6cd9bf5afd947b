from django.urls import path

from . import views

app_name = "honours"
urlpatterns = [
    path("", views.index, name="index"),
    path("kinds/", views.kind_list, name="kinds"),
    path("kinds/new/", views.kind_edit, name="kind_create"),
    path("kinds/<int:pk>/edit/", views.kind_edit, name="kind_edit"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/quotas/", views.quota_set, name="quota_set"),
    path("campaigns/<int:pk>/nominate/", views.nomination_create, name="nominate"),
    path("campaigns/<int:pk>/notices/new/", views.notice_create, name="notice_create"),
    path("campaigns/<int:pk>/award/", views.campaign_award, name="campaign_award"),
    path("campaigns/<int:pk>/export/", views.campaign_export, name="campaign_export"),
    path("campaigns/<int:pk>/decision.docx", views.decision_docx, name="decision"),
    path("campaigns/<int:pk>/certificates.docx", views.certificates_docx, name="certificates"),
    path("nominations/<int:pk>/", views.nomination_detail, name="nomination"),
    path("nominations/<int:pk>/review/", views.nomination_review, name="nomination_review"),
    path("awards/", views.award_list, name="awards"),
    path("awards/new/", views.award_create, name="award_create"),
    path("awards/<int:pk>/", views.award_detail, name="award"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
    path("notices/<int:pk>/publish/", views.notice_publish, name="notice_publish"),
    path("notices/<int:pk>/print/", views.notice_print, name="notice_print"),
    path("notices/<int:pk>/objections/", views.objection_add, name="objection_add"),
    path("objections/<int:pk>/resolve/", views.objection_resolve, name="objection_resolve"),
    path("public/<uuid:token>/", views.notice_public, name="notice_public"),
]
