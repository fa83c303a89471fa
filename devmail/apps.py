from django.apps import AppConfig


class DevmailConfig(AppConfig):
    name = "devmail"
    verbose_name = "Local mailbox"

    def ready(self):
        # The production check against writing real users' mail into the mailbox.
        from core import checks  # noqa: F401 (registers the check)
