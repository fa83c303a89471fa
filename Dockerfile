FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    AFTERVIEW_VAR_DIR=/app/var

WORKDIR /app
RUN useradd --create-home --uid 1000 afterview

COPY pyproject.toml requirements.lock README.md ./
RUN pip install -c requirements.lock .

COPY . .
# collectstatic needs settings but no database or secret of production.
RUN DJANGO_SECRET_KEY=collectstatic-only DJANGO_DEBUG=0 python manage.py collectstatic --noinput \
    && mkdir -p /app/var && chown -R afterview /app/var

USER afterview
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
