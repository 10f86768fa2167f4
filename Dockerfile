# Production image for the web app, the Celery workers and beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY . /app
# collectstatic needs settings that start; production refuses a weak key, so a random one that
# lives only for this command.
RUN pip install -c requirements.lock -e . \
 && SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    DJANGO_SETTINGS_MODULE=panelsite.settings.production \
    python manage.py collectstatic --no-input \
 && useradd --system --uid 1000 panel && mkdir -p /app/media && chown panel /app/media
USER panel
EXPOSE 8000
CMD ["gunicorn", "panelsite.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
