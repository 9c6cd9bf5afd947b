from django.contrib.auth import views as auth_views

from fulian.core.scoping import login_only, public


@public
def login_view(request, *args, **kwargs):
    return auth_views.LoginView.as_view(
        template_name="accounts/login.html", redirect_authenticated_user=True
    )(request, *args, **kwargs)


@login_only
def logout_view(request, *args, **kwargs):
    return auth_views.LogoutView.as_view()(request, *args, **kwargs)
