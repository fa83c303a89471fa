"""Parsed-HTML helpers for assertions on what a page shows, not on its exact markup."""

import xml.etree.ElementTree as ET

import html5lib


def parse(html: str) -> ET.Element:
    """The document (or fragment) as html5lib parses it, without namespaces."""
    return html5lib.parse(html, namespaceHTMLElements=False)


def hrefs(html: str) -> list[str]:
    """Every link target, in document order."""
    return [a.get("href") for a in parse(html).iter("a") if a.get("href") is not None]


def form_actions(html: str) -> list[str]:
    """Every form's action, in document order."""
    return [form.get("action") for form in parse(html).iter("form")]


def option_labels(html: str, *, select: str) -> list[str]:
    """The visible labels of the options of the select named `select`."""
    document = parse(html)
    return [
        "".join(option.itertext()).strip()
        for element in document.iter("select")
        if element.get("name") == select
        for option in element.iter("option")
    ]
