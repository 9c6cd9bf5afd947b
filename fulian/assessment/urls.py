from django.urls import path

from . import views

app_name = "assessment"
urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("rubrics/new/", views.rubric_create, name="rubric_create"),
    path("rubrics/<int:pk>/", views.rubric_detail, name="rubric"),
    path("rubrics/<int:pk>/copy/", views.rubric_copy, name="rubric_copy"),
    path("rubrics/<int:pk>/categories/", views.category_add, name="category_add"),
    path("rubrics/<int:pk>/assessments/new/", views.assessment_create, name="create"),
    path("categories/<int:pk>/items/", views.item_add, name="item_add"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/delete/", views.item_delete, name="item_delete"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("<int:pk>/settings/", views.assessment_settings, name="settings"),
    path("<int:pk>/auto/", views.auto_refresh, name="auto"),
    path("<int:pk>/groups/new/", views.group_create, name="group_create"),
    path("<int:pk>/cross-checks/new/", views.cross_check_create, name="cross_check_create"),
    path("<int:pk>/draws/new/", views.draw_create, name="draw_create"),
    path("<int:pk>/meetings/new/", views.meeting_add, name="meeting_add"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/ranking.<str:fmt>", views.ranking_export, name="ranking_export"),
    path("sheets/<int:pk>/", views.sheet_detail, name="sheet"),
    path("sheets/<int:pk>/score/", views.sheet_score, name="sheet_score"),
    path("sheets/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("sheets/<int:pk>/export.<str:fmt>", views.sheet_export, name="sheet_export"),
    path("sheets/<int:pk>/<slug:action>/", views.sheet_action, name="sheet_action"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("cross-checks/<int:pk>/", views.cross_check_detail, name="cross_check"),
    path("pairs/<int:pk>/", views.pair_edit, name="pair_edit"),
    path("draws/<int:pk>/", views.draw_detail, name="draw"),
    path("appeals/<int:pk>/", views.appeal_decide, name="appeal_decide"),
]
