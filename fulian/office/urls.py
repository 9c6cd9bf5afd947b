from django.urls import path

from .views import documents, lists, notices, training

app_name = "office"
urlpatterns = [
    path("", documents.index, name="index"),
    path("send/", documents.document_send, name="document_send"),
    path("receive/", documents.document_receive, name="document_receive"),
    path("series/", documents.series, name="series"),
    path("documents/<int:pk>/", documents.document_detail, name="document_detail"),
    path("documents/<int:pk>/file/", documents.document_file, name="document_file"),
    path("notices/", notices.inbox, name="inbox"),
    path("notices/sent/", notices.sent, name="sent"),
    path("notices/new/", notices.notice_create, name="notice_create"),
    path("lists/", lists.recipient_lists, name="recipient_lists"),
    path("lists/new/", lists.recipient_list_create, name="recipient_list_create"),
    path("notices/<int:pk>/", notices.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/signup/", notices.signup, name="signup"),
    path("notices/<int:pk>/training/", training.notice_training, name="notice_training"),
    path("notices/<int:pk>/attendance/", notices.attendance, name="attendance"),
]
