"""The SMTP sink fixture receives what Django sends through its SMTP backend (no browser)."""

from django.core.mail import send_mail


def test_django_mail_arrives_at_the_sink(smtp_sink):
    send_mail("Hello", "Body text", "from@example.com", ["to@example.com"])

    [message] = smtp_sink.wait_for(1)
    assert message["Subject"] == "Hello"
    assert message.get_content().strip() == "Body text"
    assert smtp_sink.envelopes == [("from@example.com", ["to@example.com"])]
