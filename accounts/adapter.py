"""How Afterview extends django-allauth: its emails leave through Celery after the commit,
its links start at SITE_URL, sign-up keeps our profile fields, and a failed log-in is counted
per address *and* client."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.urls import reverse

from . import services


@dataclass(frozen=True)
class SiteOfUrl:
    """What allauth's email templates call `current_site`, taken from SITE_URL rather than
    the request's Host header (which a client chooses)."""

    name: str
    domain: str


def site_link(path: str) -> str:
    """An absolute link to `path` on SITE_URL."""
    return f"{settings.SITE_URL}{path}"


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": "Too many failed log-ins. Try again later.",
        "email_password_mismatch": "Please enter a correct email address and password.",
    }

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render the email now, send it from a Celery task once the transaction commits.

        Sending inside the request made a reset for a known address slower than one for an
        unknown address (issue 17): now both answer as fast, whatever SMTP does.
        """
        ctx: dict[str, Any] = {
            "request": allauth_context.request,
            "email": email,
            "current_site": SiteOfUrl(name="Afterview", domain=urlsplit(settings.SITE_URL).netloc),
            **context,
        }
        if template_prefix == "account/email/unknown_account":
            ctx["signup_url"] = site_link(reverse("signup"))
        message = self.render_mail(template_prefix, email, ctx)
        services.account_email_queue(message=message)

    def send_account_already_exists_mail(self, email: str) -> None:
        self.send_mail(
            "account/email/account_already_exists",
            email,
            {
                "signup_url": site_link(reverse("signup")),
                "password_reset_url": site_link(reverse("password_reset")),
            },
        )

    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return site_link(path.replace("UID-KEY", quote(key)))

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return site_link(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def save_user(self, request, user, form, commit=True):
        """allauth's save, plus the profile fields of our sign-up form."""
        data = form.cleaned_data
        user.full_name = data.get("full_name", "")
        user.time_zone = data.get("time_zone") or "UTC"
        return super().save_user(request, user, form, commit=commit)

    def _get_login_attempts_cache_key(self, request, **credentials: Any) -> str:
        # allauth counts failed log-ins per address ("key"): anyone could then lock a person
        # out from anywhere. With the client's address (X-Forwarded-For under
        # TRUSTED_PROXY_COUNT) in the key, a lock-out holds for that client only
        # (tests/accounts/test_throttling.py pins it).
        address_key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{address_key}:{self.get_client_ip(request)}"
