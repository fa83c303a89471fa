from django.conf import settings


def site(request):
    """Values every template may use: the absolute site URL and whether the dev mailbox is on."""
    return {
        "SITE_URL": settings.SITE_URL,
        "MAILBOX_ENABLED": settings.DEBUG
        and settings.EMAIL_BACKEND == "devmail.backends.MailboxBackend",
    }
