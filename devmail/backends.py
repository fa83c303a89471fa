"""An email backend for `make run`: each message becomes an .eml file in MAILBOX_DIR.

Any mail client opens the files; /dev/mailbox/ lists them in the browser while DEBUG is on.
"""

import threading
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django.utils.crypto import get_random_string


class MailboxBackend(BaseEmailBackend):
    _lock = threading.Lock()

    def send_messages(self, email_messages):
        folder = Path(settings.MAILBOX_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
            name = f"{stamp}-{get_random_string(6)}.eml"
            data = message.message().as_bytes()
            with self._lock:
                tmp = folder / f".{name}.tmp"
                tmp.write_bytes(data)
                tmp.replace(folder / name)  # atomic: a reader never sees half a message
            sent += 1
        return sent
