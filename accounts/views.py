from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.messages.views import SuccessMessageMixin
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.generic import CreateView, UpdateView

from . import services
from .forms import EmailAuthenticationForm, ProfileForm, SignUpForm


@login_not_required
def landing(request):
    if request.user.is_authenticated:
        return redirect("today")
    return render(request, "landing.html")


@method_decorator(login_not_required, name="dispatch")
class SignUpView(CreateView):
    form_class = SignUpForm
    template_name = "registration/signup.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("today")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        user = form.save()
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(self.request, "Welcome to Afterview! Log your first interview to begin.")
        return redirect("today")


class LoginView(auth_views.LoginView):
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


class ProfileView(SuccessMessageMixin, UpdateView):
    form_class = ProfileForm
    template_name = "accounts/profile.html"
    success_url = reverse_lazy("profile")
    success_message = "Your profile is saved."

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        services.profile_update(
            user=self.object, **{name: form.cleaned_data[name] for name in form._meta.fields}
        )
        messages.success(self.request, self.get_success_message(form.cleaned_data))
        return HttpResponseRedirect(self.get_success_url())
