from django.urls import path

from . import views, views_creation, views_support

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
    # 创建; the files of a nomination; the family-planning records the veto reads
    path("creations/", views_creation.creation_list, name="creations"),
    path("creations/new/", views_creation.creation_create, name="creation_create"),
    path("creations/<int:pk>/", views_creation.creation_detail, name="creation"),
    path("creations/<int:pk>/step/", views_creation.creation_step, name="creation_step"),
    path("nominations/<int:pk>/files/", views_support.file_add, name="file_add"),
    path("files/<int:pk>/", views_support.file_download, name="file"),
    path("files/<int:pk>/delete/", views_support.file_delete, name="file_delete"),
    path("family-planning/", views_support.family_planning_list, name="family_planning_list"),
    path("family-planning/new/", views_support.family_planning_create, name="family_planning_create"),
    path("family-planning/<int:pk>/", views_support.family_planning_detail, name="family_planning"),
    path(
        "family-planning/<int:pk>/delete/",
        views_support.family_planning_delete,
        name="family_planning_delete",
    ),
]
