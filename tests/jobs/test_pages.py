"""The jobs page and the progress strip every project page loads."""

from __future__ import annotations

from newsannot.jobs.models import Job
from tests.conftest import client_for
from tests.jobs.test_import_jobs import GOOD, start
from tests.jobs.test_job_api import mine


def test_the_strip_shows_a_running_import_with_its_progress_and_keeps_polling(project, manager):
    job_id = start(manager, project, GOOD).json()["id"]
    Job.objects.filter(pk=job_id).update(status="running", progress_done=250, progress_total=1000)
    html = client_for(manager).get(f"/p/{project.pk}/jobs/strip/").content.decode()
    assert 'value="25"' in html and "25 %" in html
    assert "Import (JSON Lines)" in html
    assert 'hx-trigger="every 2s, visibilitychange from:document"' in html


def test_the_strip_stops_polling_and_shows_the_outcome_once_a_job_ended(project, manager, run_jobs):
    start(manager, project, GOOD)
    run_jobs()
    html = client_for(manager).get(f"/p/{project.pk}/jobs/strip/").content.decode()
    assert "every 2s" not in html
    assert "1 article added, 1 span." in html


def test_every_project_page_loads_the_strip(project, analyst):
    html = client_for(analyst).get(f"/p/{project.pk}/").content.decode()
    assert f'hx-get="/p/{project.pk}/jobs/strip/"' in html
    assert f'href="/p/{project.pk}/jobs/"' in html


def test_the_jobs_page_lists_a_failed_import_with_its_errors_by_line(project, manager, run_jobs):
    start(manager, project, GOOD, '{"title": "no text"}')
    run_jobs()
    html = client_for(manager).get(f"/p/{project.pk}/jobs/").content.decode()
    assert "The import has 1 error; nothing was stored." in html
    assert "line 2: The article has no text field." in html


def test_the_jobs_page_escapes_what_an_import_names(project, manager, run_jobs):
    hostile = {"title": "<img src=x onerror=alert(1)>", "text": GOOD["text"]}
    start(manager, project, GOOD, dict(hostile, text=GOOD["text"]))
    run_jobs()
    html = client_for(manager).get(f"/p/{project.pk}/jobs/").content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_analysts_see_their_own_jobs_and_managers_everyone_s(project, analyst, analyst2, manager):
    mine(analyst, project)
    mine(analyst2, project)
    assert client_for(analyst).get(f"/p/{project.pk}/jobs/").content.decode().count("<tr id=") == 1
    assert client_for(manager).get(f"/p/{project.pk}/jobs/").content.decode().count("<tr id=") == 2


def test_cancel_from_the_jobs_page(project, manager):
    job_id = start(manager, project, GOOD).json()["id"]
    response = client_for(manager).post(f"/p/{project.pk}/jobs/{job_id}/cancel/")
    assert response.status_code == 302
    assert Job.objects.get(pk=job_id).status == "cancelled"
