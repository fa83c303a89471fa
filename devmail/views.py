from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override

from .mailbox import message_names, read_message


def _require_enabled():
    # Mail of every user lands here, so it exists only for local development.
    if not (settings.DEBUG and settings.EMAIL_BACKEND == "devmail.backends.MailboxBackend"):
        raise Http404("The local mailbox is only available in development.")


@login_not_required
def inbox(request):
    _require_enabled()
    messages = [m for m in (read_message(n) for n in message_names()) if m]
    return render(request, "devmail/inbox.html", {"mail": messages})


@login_not_required
def message(request, name):
    _require_enabled()
    msg = read_message(name)
    if msg is None:
        raise Http404("No such message.")
    return render(request, "devmail/message.html", {"msg": msg})


@login_not_required
@xframe_options_sameorigin
@csp_override({"default-src": ["'none'"], "style-src": ["'unsafe-inline'"], "img-src": ["data:"]})
def message_html(request, name):
    """The HTML part alone, shown in a sandboxed iframe: its scripts never run.

    It is served as the sender wrote it (the email is what is being checked), with a
    `<base target="_top">` in front so that its links open in the mailbox's window.
    """
    _require_enabled()
    msg = read_message(name)
    if msg is None or not msg.html:
        raise Http404("No such message.")
    return render(request, "devmail/message_frame.html", {"msg": msg})
