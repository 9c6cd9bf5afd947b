from django.urls import path

from . import views

app_name = "sms"
urlpatterns = [
    path("", views.message_list, name="message_list"),
    path("new/", views.message_compose, name="message_compose"),
    path("<int:pk>/", views.message_detail, name="message_detail"),
    path("<int:pk>/progress/", views.message_progress, name="message_progress"),
    path("<int:pk>/send/", views.message_send, name="message_send"),
    path("<int:pk>/cancel/", views.message_cancel, name="message_cancel"),
    path("templates/", views.template_list, name="template_list"),
    path("templates/new/", views.template_create, name="template_create"),
    path("lists/new/", views.saved_list_create, name="saved_list_create"),
    path("optouts/new/", views.optout_create, name="optout_create"),
    path("receipts/<str:provider>/", views.receipt_callback, name="receipt_callback"),
    path("replies/", views.reply_callback, name="reply_callback"),
]
