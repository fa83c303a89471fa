"""The account URLs: django-allauth's at their old addresses and names (login, signup,
logout, password_reset, password_change), the profile, and redirects for links of the
hand-written views that came before (old reset emails, bookmarks)."""

from allauth.account import views as allauth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView

from . import views


class _Moved(RedirectView):
    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        # The old address's arguments (an expired reset token) mean nothing to the new one.
        return super().get_redirect_url()


def _moved(pattern_name: str):
    return login_not_required(_Moved.as_view(pattern_name=pattern_name))


urlpatterns = [
    path("", views.landing, name="landing"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("signup/", allauth_views.signup, name="signup"),
    path("password/reset/", allauth_views.password_reset, name="password_reset"),
    path("password/change/", allauth_views.password_change, name="password_change"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("", include("allauth.urls")),
    # The hand-written views' addresses; a reset link of theirs asks for a new one.
    path(
        "password/reset/sent/",
        _moved("account_reset_password_done"),
        name="legacy_password_reset_sent",
    ),
    path("password/reset/complete/", _moved("login"), name="legacy_password_reset_complete"),
    path("password/change/done/", _moved("profile"), name="legacy_password_change_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        _moved("password_reset"),
        name="password_reset_legacy",
    ),
]
