from django.conf import settings

from config.navigation import nav_section


def site(request):
    """Values every template may use: the absolute site URL, whether the dev mailbox is on and
    which navbar section the page belongs to."""
    match = getattr(request, "resolver_match", None)
    return {
        "NAV_SECTION": nav_section(
            namespace=match.namespace if match else "",
            url_name=(match.url_name or "") if match else "",
            next_path=request.GET.get("next", ""),
        ),
        "SITE_URL": settings.SITE_URL,
        "MAILBOX_ENABLED": settings.DEBUG
        and settings.EMAIL_BACKEND == "devmail.backends.MailboxBackend",
    }
