from django.urls import path

from . import views

app_name = "aid"
urlpatterns = [
    path("", views.programme_list, name="programmes"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/apply/", views.application_create, name="apply"),
    path("programmes/<int:pk>/notices/new/", views.notice_create, name="notice_create"),
    path("applications/", views.application_list, name="applications"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/disburse/", views.disbursement_create, name="disburse"),
    path("applications/<int:pk>/<slug:action>/", views.application_action, name="application_action"),
    path("disbursements/<int:pk>/cancel/", views.disbursement_cancel, name="disbursement_cancel"),
    path("disbursements/<int:pk>/edit/", views.disbursement_edit, name="disbursement_edit"),
    path("disbursements/<int:pk>/receipt/", views.receipt_upload, name="receipt_upload"),
    path("disbursements/<int:pk>/receipt/file/", views.receipt_download, name="receipt"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
    path("notices/<int:pk>/publish/", views.notice_publish, name="notice_publish"),
    path("notices/<int:pk>/print/", views.notice_print, name="notice_print"),
    path("notices/<int:pk>/objections/", views.objection_add, name="objection_add"),
    path("objections/<int:pk>/resolve/", views.objection_resolve, name="objection_resolve"),
    path("public/<uuid:token>/", views.notice_public, name="notice_public"),
]
