"""Where a form sends the user back to: a `next` path on this site, never anywhere else."""

from django.utils.http import url_has_allowed_host_and_scheme


def next_field(request) -> str:
    """The `next` value to carry through a form (checked again before any redirect)."""
    return request.POST.get("next") or request.GET.get("next") or ""


def next_url(request, default: str) -> str:
    """A same-site `next` target from the form or query, else `default`."""
    candidate = next_field(request)
    # Only a path on this site: redirect() would take a bare word ("0") for a view name.
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default
