from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_intake, name="intake"),
    path("break-glass/", views.break_glass, name="break_glass"),
    path("break-glass/<int:gid>/review/", views.glass_review, name="glass_review"),
    path("stats/", views.case_stats, name="stats"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/export/", views.case_export, name="export"),
    path("<int:pk>/print/", views.case_print, name="print"),
    path("<int:pk>/assess/", views.case_assess, name="assess"),
    path("<int:pk>/handle/", views.case_handle, name="handle"),
    path("<int:pk>/referrals/", views.referral_add, name="referral_add"),
    path("<int:pk>/referrals/<int:rid>/", views.referral_update, name="referral_update"),
    path("<int:pk>/warnings/", views.warning_add, name="warning_add"),
    path("<int:pk>/orders/", views.order_apply, name="order_apply"),
    path("<int:pk>/orders/<int:mid>/decide/", views.order_decide, name="order_decide"),
    path("<int:pk>/followups/", views.followup_add, name="followup_add"),
    path("<int:pk>/close/", views.case_close, name="close"),
    path("<int:pk>/reopen/", views.case_reopen, name="reopen"),
    path("<int:pk>/assign/", views.case_assign, name="assign"),
]
