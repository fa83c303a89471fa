"""IANA time zone names: the list offered to users and the check on what they pick."""

import zoneinfo
from functools import cache


@cache
def available_time_zones() -> tuple[str, ...]:
    """Every canonical IANA zone this machine knows, sorted, without the legacy aliases."""
    names = {
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/"))
    }
    names.add("UTC")
    return tuple(sorted(names))


def is_valid_time_zone(name: str) -> bool:
    """True when `name` is an IANA zone name that zoneinfo knows (aliases included)."""
    return bool(name) and (name == "UTC" or name in _all_zone_names())


@cache
def _all_zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())
