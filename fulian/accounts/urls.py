from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("roles/", views.role_matrix, name="roles"),
    path("tokens/", views.my_tokens, name="my_tokens"),
    path("tokens/<int:token_pk>/revoke/", views.my_token_revoke, name="my_token_revoke"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/edit/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/password/", views.user_set_password, name="user_set_password"),
    path("users/<int:pk>/active/", views.user_set_active, name="user_set_active"),
    path("users/<int:pk>/tokens/revoke/", views.user_tokens_revoke, name="user_tokens_revoke"),
    path("users/<int:pk>/tokens/<int:token_pk>/revoke/", views.user_token_revoke, name="user_token_revoke"),
    path("users/<int:pk>/memberships/new/", views.membership_add, name="membership_add"),
    path("users/<int:pk>/memberships/<int:membership_pk>/end/", views.membership_end, name="membership_end"),
]
