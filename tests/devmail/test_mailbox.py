import pytest
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from devmail.backends import MailboxBackend
from devmail.mailbox import message_names, read_message

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailbox(settings, tmp_path):
    settings.MAILBOX_DIR = tmp_path / "mail"
    settings.EMAIL_BACKEND = "devmail.backends.MailboxBackend"
    settings.DEBUG = True
    return settings.MAILBOX_DIR


def _send(subject="Send your thank-you note", html="<p>Hello <b>there</b></p>"):
    message = EmailMultiAlternatives(
        subject, "Hello there", "from@example.com", ["casey@example.com"]
    )
    message.attach_alternative(html, "text/html")
    return MailboxBackend().send_messages([message])


def test_each_message_becomes_an_eml_file_that_reads_back(mailbox):
    assert _send() == 1
    [name] = message_names()
    assert (mailbox / name).suffix == ".eml"
    msg = read_message(name)
    assert msg.subject == "Send your thank-you note"
    assert msg.to == "casey@example.com"
    assert msg.text.strip() == "Hello there"
    assert "<b>there</b>" in msg.html


def test_the_inbox_lists_messages_and_shows_one(client, mailbox):
    _send(subject="Your password reset")
    response = client.get(reverse("devmail:inbox"))
    assert response.status_code == 200
    assert "Your password reset" in response.content.decode()
    [name] = message_names()
    page = client.get(reverse("devmail:message", args=[name]))
    assert "Hello there" in page.content.decode()
    html = client.get(reverse("devmail:message_html", args=[name]))
    assert html.status_code == 200
    assert "default-src 'none'" in html["Content-Security-Policy"]


@pytest.mark.parametrize("name", ["../settings.py", ".hidden.eml", "missing.eml"])
def test_names_outside_the_mailbox_are_not_found(client, mailbox, name):
    _send()
    assert read_message(name) is None


def test_the_mailbox_is_hidden_outside_development(client, mailbox, settings):
    settings.DEBUG = False
    _send()
    assert client.get(reverse("devmail:inbox")).status_code == 404


def test_links_of_the_html_view_open_in_the_top_window(client, mailbox):
    _send(html='<html><head><title>t</title></head><body><a href="/x/">Mark done</a></body></html>')
    [name] = message_names()
    html = client.get(reverse("devmail:message_html", args=[name])).content.decode()
    assert html.startswith('<!DOCTYPE html><base target="_top">')
    assert '<a href="/x/">Mark done</a>' in html
    page = client.get(reverse("devmail:message", args=[name])).content.decode()
    assert 'sandbox="allow-top-navigation-by-user-activation"' in page
