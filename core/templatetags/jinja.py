"""`{% jinja "followups/_step_rows.jinja" rows=rows %}`: a Jinja2 partial inside a Django page.

The hot partials (Today's rows, the board's cards) are Jinja2 templates for speed; the pages
around them stay Django templates, where crispy forms and the base layout live. The partial is
rendered by the "jinja2" engine with the page's request (so `csrf_input` and the context
processors work) and comes back as Jinja2's own escaped `Markup`, which Django leaves as it is.
"""

from django import template
from django.template import engines
from markupsafe import Markup

register = template.Library()


@register.simple_tag(takes_context=True)
def jinja(context, template_name: str, **values) -> Markup:
    partial = engines["jinja2"].get_template(template_name)
    # The one place a rendered string is trusted as markup: the autoescaping engine wrote it.
    return Markup(partial.render(values, request=context.get("request")))  # noqa: S704
