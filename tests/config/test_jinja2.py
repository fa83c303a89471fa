"""The Jinja2 engine of the hot partials: escaping, dates in the active zone, the bridge tag."""

import datetime as dt
import zoneinfo

import pytest
from django.template import Context, Template, engines
from django.utils import timezone


def render(source: str, **values) -> str:
    return engines["jinja2"].from_string(source).render(values)


def test_it_escapes_what_it_prints():
    assert render("{{ name }}", name="<b>Ann & Co</b>") == "&lt;b&gt;Ann &amp; Co&lt;/b&gt;"


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("Europe/Berlin", "Fri 27 Nov, 15:00"),
        ("America/New_York", "Fri 27 Nov, 09:00"),
        ("Asia/Tokyo", "Fri 27 Nov, 23:00"),
    ],
)
def test_dates_print_in_the_active_zone(zone, expected):
    moment = dt.datetime(2026, 11, 27, 14, 0, tzinfo=dt.UTC)
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        assert render('{{ at|date("D j M, H:i") }}', at=moment) == expected


def test_an_unknown_name_is_an_error_not_an_empty_string():
    with pytest.raises(Exception, match="undefined"):
        render("{{ missing.attribute }}")


def test_url_reverses_like_django():
    assert render('{{ url("today") }}') == "/today/"


def test_the_bridge_tag_keeps_the_partials_escaping(tmp_path, settings):
    page = Template('{% load jinja %}<p>{% jinja "core/_probe.jinja" name=name %}</p>')
    engine = engines["jinja2"]
    engine.env.loader.searchpath.append(str(tmp_path))
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "_probe.jinja").write_text("<i>{{ name }}</i>")
    try:
        html = page.render(Context({"name": "<script>x</script>"}))
    finally:
        engine.env.loader.searchpath.remove(str(tmp_path))
    # The partial's own markup stays markup; the value inside it is escaped exactly once.
    assert html == "<p><i>&lt;script&gt;x&lt;/script&gt;</i></p>"
