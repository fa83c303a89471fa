"""Pure rules about references: no database, no clock — plain values in, plain values out."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

# Career advice: a reference who gets a call from a new employer every week stops
# answering enthusiastically. More than 3 employers in 30 days is where we warn.
OVERUSE_MAX_EMPLOYERS = 3
OVERUSE_WINDOW_DAYS = 30


@dataclass(frozen=True)
class OveruseWarning:
    """A reference was given to `employers` employers in the last `window_days` days."""

    employers: int
    window_days: int = OVERUSE_WINDOW_DAYS
    limit: int = OVERUSE_MAX_EMPLOYERS


def _employer_key(company_name: str) -> str:
    return " ".join(company_name.split()).casefold()


def employers_in_window(
    givings: Iterable[tuple[str, dt.date]],
    *,
    today: dt.date,
    window_days: int = OVERUSE_WINDOW_DAYS,
) -> int:
    """How many distinct employers got this reference in the `window_days` days ending `today`.

    `givings` are (company name, given on) pairs. Two roles at the same company count once:
    it is the same employer who may call. Day `today - window_days` is already outside.
    """
    first_day = today - dt.timedelta(days=window_days - 1)
    return len(
        {_employer_key(company) for company, given_on in givings if first_day <= given_on <= today}
    )


def overuse_warning(
    givings: Iterable[tuple[str, dt.date]],
    *,
    today: dt.date,
    limit: int = OVERUSE_MAX_EMPLOYERS,
    window_days: int = OVERUSE_WINDOW_DAYS,
) -> OveruseWarning | None:
    """A warning when the reference was given to more than `limit` employers in the window."""
    employers = employers_in_window(givings, today=today, window_days=window_days)
    if employers > limit:
        return OveruseWarning(employers=employers, window_days=window_days, limit=limit)
    return None
