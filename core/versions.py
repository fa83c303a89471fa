"""Each user's data version: one value that changes whenever any of that user's rows does.

The main pages cache what they render under it (`core.pagecache`), so no page has to know
which writes it depends on: a write to a user's rows moves their version, and the next request
misses the old entries. The version moves when the write commits (`transaction.on_commit`): a
request that read the version before the commit can only have cached the old rows under the
old version, which nobody asks for any more.

What moves it, stated once here:
- `save()` and `delete()` (a queryset's `delete()` too) of a row of a versioned model (every
  model whose default queryset is an `OwnedQuerySet` with `versioned = True`) and of the
  `User` itself: signals, connected in `core.apps`;
- `OwnedQuerySet.update()` and `bulk_create()` (`bulk_update()` runs `update()`): the queryset
  moves the version of every owner it wrote for (`core.querysets`).
A row whose owner is reached through a parent (`owner_path = "interview__owner"`) moves its
owner's version through that parent. A row deleted along with what it belongs to (an
application's rounds, an account's everything) leaves it to the deletion's origin: one move,
no lookup per row.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterable

from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction


def _key(user_id: int) -> str:
    return f"data-version:{user_id}"


def of(user_id: int) -> int:
    """The user's current data version (one is made on first use, or after an eviction)."""
    version = cache.get(_key(user_id))
    if version is None:
        # A random start: a version made again after an eviction never meets its old entries.
        cache.add(_key(user_id), secrets.randbits(62), timeout=None)
        version = cache.get(_key(user_id), 0)  # another process's add may have won
    return version


def bump(user_ids: Iterable[int | None]) -> None:
    """Move the versions of these users once the current transaction commits."""
    ids = {user_id for user_id in user_ids if user_id is not None}
    if ids:
        transaction.on_commit(lambda: _move(ids))


def _move(user_ids: set[int]) -> None:
    for user_id in user_ids:
        # Atomic: two writers at once move it twice. No version yet (or evicted): nothing to
        # move, the next read makes a new one.
        with contextlib.suppress(ValueError):
            cache.incr(_key(user_id))


def owner_id_of(instance, owner_path: str) -> int | None:
    """The id of the user who owns `instance`, following `owner_path` ("interview__owner").

    None when a parent on the way is gone (a cascade deletes it too, and the parent's own
    signal moves the version)."""
    *parents, last = owner_path.split("__")
    try:
        for name in parents:
            instance = getattr(instance, name)
    except ObjectDoesNotExist:
        return None
    return getattr(instance, f"{last}_id", None) if instance is not None else None
