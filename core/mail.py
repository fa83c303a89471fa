"""Email messages whose headers cost a third less to write.

Django's mail backends turn a message into bytes with an `email.policy` (the SMTP backend
with `email.policy.SMTP`, the file and console backends with `email.policy.default`). Under
that policy the standard library's header registry builds a new class with `type()` for
every header it touches (`email.headerregistry.HeaderRegistry.__getitem__`), about thirty
per reminder email: a millisecond of a reminder's few, measured by bench/reminders.py.

`Message` serialises with a clone of the policy it is given whose registry keeps each class
it built. The bytes are the same (tests/core/test_mail.py compares them header by header).
"""

from __future__ import annotations

import email.policy
from email.headerregistry import HeaderRegistry
from functools import lru_cache

from django.core.mail import EmailMultiAlternatives


class _HeaderClasses(HeaderRegistry):
    """The standard header registry, building each header's class once."""

    def __init__(self):
        super().__init__()
        self._built: dict[str, type] = {}

    def __getitem__(self, name: str) -> type:
        key = name.lower()
        built = self._built.get(key)
        if built is None:
            built = self._built[key] = super().__getitem__(name)
        return built


@lru_cache(maxsize=8)
def policy_with_header_cache(policy: email.policy.Policy) -> email.policy.Policy:
    """`policy` with a header registry of its own that keeps the classes it builds."""
    if not isinstance(policy, email.policy.EmailPolicy):
        return policy  # the compat32 policy has no header registry
    return policy.clone(header_factory=_HeaderClasses())


class Message(EmailMultiAlternatives):
    """An `EmailMultiAlternatives` (text, and HTML when attached) that writes its headers
    with `policy_with_header_cache`."""

    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy_with_header_cache(policy))
