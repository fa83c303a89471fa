"""Where absolute links (emails, calendar feeds) point when SITE_URL is not given.

`make run PORT=P` passes SITE_URL itself (so the Celery worker, which sends the reminder
emails, agrees with the web server); this rule covers `manage.py runserver 127.0.0.1:P` run by
hand in development, whose links should point at the port it serves, not at 8000.
"""

DEFAULT_PORT = "8000"


def default_site_url(*, argv: list[str], port: str = "", debug: bool) -> str:
    """http://127.0.0.1:<port>: the runserver address in DEBUG, else PORT, else 8000."""
    host, chosen = "127.0.0.1", port or DEFAULT_PORT
    if debug and len(argv) > 1 and argv[1] == "runserver":
        addrport = next((a for a in argv[2:] if not a.startswith("-")), "")
        if addrport:
            given_host, sep, given_port = addrport.rpartition(":")
            if not sep:  # "runserver 8001"
                given_host, given_port = "", addrport
            if given_port.isdigit():
                chosen = given_port
            # Served on every interface: the browser still reaches it on the loopback.
            if given_host and given_host not in ("0.0.0.0", "0", "[::]"):  # noqa: S104
                host = given_host
    return f"http://{host}:{chosen}"
