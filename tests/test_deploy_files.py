"""docker compose cannot run here, so check what it would run: services, wiring, environment."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_postgres_with_a_named_volume_and_a_health_check():
    db = compose()["services"]["db"]
    assert db["image"].startswith("postgres:")
    volume = db["volumes"][0].split(":")[0]
    assert volume in compose()["volumes"]
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])


def test_compose_web_waits_for_a_healthy_database_and_is_configured_by_environment():
    web = compose()["services"]["web"]
    assert web["build"] == "."
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    env = web["environment"]
    assert env["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in env["DATABASE_URL"]
    assert env["SECRET_KEY"].startswith("${SECRET_KEY:?"), "no secret may be baked in"
    assert {"ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS"} <= set(env)
    assert "8000:8000" in web["ports"]


def test_the_image_migrates_on_start_and_serves_with_gunicorn_and_whitenoise():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("FROM python:3.13")
    assert "migrate --noinput && exec gunicorn newsannot.wsgi:application" in dockerfile
    assert "collectstatic" in dockerfile
    settings = (ROOT / "newsannot" / "settings.py").read_text()
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in settings


def test_compose_runs_a_worker_from_the_same_image_with_the_same_settings_and_uploads():
    services = compose()["services"]
    worker, web = services["worker"], services["web"]
    assert worker["build"] == "."
    assert worker["command"][:3] == ["python", "manage.py", "worker"]
    assert worker["depends_on"]["web"]["condition"] == "service_healthy"  # migrated first
    assert worker["environment"]["DATABASE_URL"] == web["environment"]["DATABASE_URL"]
    assert worker["environment"]["SECRET_KEY"] == web["environment"]["SECRET_KEY"]
    # Uploads waiting for a job are written by web and read by a worker: one shared volume.
    assert [v for v in worker["volumes"] if v in web["volumes"]] == ["media:/app/media"]
    assert "media" in compose()["volumes"]


def test_make_run_starts_one_worker_beside_the_server_and_stops_both():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile[makefile.index("\nrun: setup") :].split("\n\n")[0]
    assert "manage.py worker &" in recipe
    assert "trap 'kill $$worker" in recipe
    assert "manage.py runserver" in recipe
