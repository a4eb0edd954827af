FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    STATIC_MANIFEST=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY newsannot ./newsannot
RUN pip install .
COPY manage.py ./
COPY templates ./templates
COPY static ./static
# collectstatic needs settings, not secrets: a throwaway key for the build step only.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput

RUN useradd --system --uid 10001 newsannot && mkdir -p /app/media && chown newsannot /app/media
USER newsannot
EXPOSE 8000

# Migrate on start, then serve with gunicorn (WSGI: the export streams without buffering).
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn newsannot.wsgi:application --bind 0.0.0.0:8000 --workers ${WEB_WORKERS:-3} --timeout ${WEB_TIMEOUT:-300} --access-logfile -"]
