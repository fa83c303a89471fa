import smtplib

from celery import shared_task

from . import services


# Retries back off from 10 s to at most 10 min, well inside the broker's visibility timeout.
@shared_task(
    autoretry_for=(OSError, smtplib.SMTPException),
    retry_backoff=10,
    retry_backoff_max=600,
    max_retries=6,
)
def send_account_email(payload: dict) -> None:
    """Send an account email rendered in the request (accounts.services.account_email_queue)."""
    services.account_email_send(payload=payload)
