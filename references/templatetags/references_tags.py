"""Template hook for the application page. (Stub until the references issue.)"""

from django import template

register = template.Library()


@register.inclusion_tag("references/_application_references.html", takes_context=True)
def application_references(context, application):
    """References given to this employer, with attach / brief actions."""
    return {"application": application, "request": context.get("request")}
