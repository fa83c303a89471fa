"""Reading the local mailbox folder written by MailboxBackend."""

import email
import email.policy
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings


@dataclass(frozen=True)
class StoredMessage:
    name: str
    subject: str
    sender: str
    to: str
    date: str
    text: str
    html: str
    headers: list[tuple[str, str]]


def _folder() -> Path:
    return Path(settings.MAILBOX_DIR)


def message_names(limit: int = 200) -> list[str]:
    """Newest first."""
    folder = _folder()
    if not folder.is_dir():
        return []
    return sorted((p.name for p in folder.glob("*.eml")), reverse=True)[:limit]


def read_message(name: str) -> StoredMessage | None:
    """The parsed message, or None when `name` is not a message in the folder."""
    if "/" in name or "\\" in name or not name.endswith(".eml") or name.startswith("."):
        return None
    path = _folder() / name
    if not path.is_file():
        return None
    msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    text_part = msg.get_body(preferencelist=("plain",))
    html_part = msg.get_body(preferencelist=("html",))
    return StoredMessage(
        name=name,
        subject=str(msg.get("Subject", "")),
        sender=str(msg.get("From", "")),
        to=str(msg.get("To", "")),
        date=str(msg.get("Date", "")),
        text=text_part.get_content() if text_part else "",
        html=html_part.get_content() if html_part else "",
        headers=[(k, str(v)) for k, v in msg.items()],
    )
