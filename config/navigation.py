"""Which navbar section a page belongs to: a pure rule over the resolved URL and its `next`."""

from urllib.parse import urlsplit

# A page reached from another section (`?next=/today/`) belongs to where the user came from:
# a briefing opened from Today is part of working through Today, not of the references pages.
_SECTION_BY_PATH = (
    ("/today/", "today"),
    ("/pipeline/", "pipeline"),
    ("/evaluations/insights/", "insights"),
    ("/applications/log/", "log"),
    ("/applications/", "applications"),
    ("/references/", "references"),
)

# (namespace, url_name) -> section; a namespace alone ("", name) matches any of its names.
_SECTION_BY_NAME = {
    ("", "today"): "today",
    ("followups", ""): "today",  # the thank-you and follow-up composers are plan steps
    ("references", "briefing"): "today",  # a briefing step of the plan
    ("references", ""): "references",
    ("interviews", "log_interview"): "log",
    ("interviews", ""): "applications",
    ("evaluations", "insights"): "insights",
    ("evaluations", ""): "applications",  # an interview's self-evaluation
    ("pipeline", "board"): "pipeline",
    ("pipeline", ""): "",
    ("devmail", ""): "mailbox",
}


def nav_section(*, namespace: str, url_name: str, next_path: str = "") -> str:
    """The section to highlight ("today", "applications", "log", …), "" for none."""
    if next_path.startswith("/") and not next_path.startswith("//"):
        path = urlsplit(next_path).path
        for prefix, section in _SECTION_BY_PATH:
            if path.startswith(prefix):
                return section
    for key in ((namespace, url_name), (namespace, "")):
        if key in _SECTION_BY_NAME:
            return _SECTION_BY_NAME[key]
    return ""
