from allauth.account import views as allauth_views
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.messages.views import SuccessMessageMixin
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.generic import UpdateView

from . import services
from .forms import ProfileForm


@login_not_required
def landing(request):
    if request.user.is_authenticated:
        return redirect("today")
    return render(request, "landing.html")


class LoginView(allauth_views.LoginView):
    """allauth's log-in; once the failed log-ins of this address from this client reach the
    limit, the answer is a 429 page that says so."""

    def form_invalid(self, form):
        codes = {error.code for error in form.non_field_errors().as_data()}
        if "too_many_login_attempts" in codes:
            return render(self.request, "account/locked_out.html", status=429)
        return super().form_invalid(form)


class LogoutView(allauth_views.LogoutView):
    """Logging out is a POST (the navbar's button); a GET is refused, as a link must not
    log anyone out."""

    http_method_names = ["post", "options"]


def too_many_requests(request, exception=None):
    """allauth's answer to a rate limit (sign-up, reset, resends), in the site's layout."""
    return render(request, "account/429.html", status=429)


class ProfileView(SuccessMessageMixin, UpdateView):
    form_class = ProfileForm
    template_name = "accounts/profile.html"
    success_url = reverse_lazy("profile")
    success_message = "Your profile is saved."

    def get_object(self, queryset=None):
        return self.request.user

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, two_factor_on=is_mfa_enabled(self.request.user))

    def form_valid(self, form):
        services.profile_update(
            user=self.object, **{name: form.cleaned_data[name] for name in form._meta.fields}
        )
        messages.success(self.request, self.get_success_message(form.cleaned_data))
        return HttpResponseRedirect(self.get_success_url())
