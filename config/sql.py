"""Helpers for the few reads written in plain SQL (the busiest pages' lists).

Values read with a cursor skip the conversions the ORM applies to model fields: SQLite returns
dates and datetimes as text or naive values, PostgreSQL returns them ready to use.
"""

from django.db import connection
from django.db.models import Value


def db_converter(model_field):
    """The conversion the ORM applies to a column of `model_field` read from the database,
    for values read with a cursor; None when the backend needs none (PostgreSQL)."""
    expression = Value(None, output_field=model_field)
    converters = [
        *connection.ops.get_db_converters(expression),
        *model_field.get_db_converters(connection),
    ]
    if not converters:
        return None

    def convert(value):
        for converter in converters:
            value = converter(value, expression, connection)
        return value

    return convert
