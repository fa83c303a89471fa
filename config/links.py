"""URLs of many rows at once: one reverse() per URL name, the pk substituted per row.

A page of rows needs links to each row; resolving every one through the URL resolver cost more
than everything else a row does. Patterns are cached per URL name, extra arguments, script
prefix and URLconf, so a different prefix or URLconf gets its own.
"""

import functools
from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.urls import get_script_prefix, get_urlconf, reverse

_SAMPLE_PK = 2147483647  # stands for the pk in the reversed URL, replaced by the real one


def url_maker(name: str, *rest: str) -> Callable[[int], str]:
    """A pk -> reverse(name, args=[pk, *rest]) function."""
    head, tail = _pattern(name, rest, get_script_prefix(), get_urlconf())
    return lambda pk: f"{head}{pk}{tail}"


def url_for(name: str, pk: int, *rest: str) -> str:
    """reverse(name, args=[pk, *rest]), from a pattern worked out once."""
    head, tail = _pattern(name, rest, get_script_prefix(), get_urlconf())
    return f"{head}{pk}{tail}"


@functools.cache
def _pattern(name: str, rest: tuple[str, ...], _prefix: str, _urlconf) -> tuple[str, str]:
    url = reverse(name, args=[_SAMPLE_PK, *rest])
    if url.count(str(_SAMPLE_PK)) != 1:  # pragma: no cover - a URL this shortcut cannot serve
        raise ImproperlyConfigured(f"{name}: the id must appear once in {url}")
    head, _, tail = url.partition(str(_SAMPLE_PK))
    return head, tail
