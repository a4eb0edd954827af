"""Issue 12 §3 (every refusal a 4xx naming the problem): Django refuses a form with more than
DATA_UPLOAD_MAX_NUMBER_FILES files or DATA_UPLOAD_MAX_NUMBER_FIELDS fields before the view runs.
Its own answer was a bare "Bad Request (400)"; a corpus folder of 101 .txt files is an ordinary
thing to select. The answer names the limit, nothing is stored, and the page shows the limit.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from newsannot.corpus.models import Article
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_101_files_at_once_are_refused_with_a_message_naming_the_limit(project, manager):
    files = [
        SimpleUploadedFile(f"a{i}.txt", f"Title {i}\nOfficials said item {i} was fine.".encode())
        for i in range(101)
    ]
    response = client_for(manager).post(reverse("article-add", args=[project.pk]), {"files": files})
    assert response.status_code == 400
    assert not Article.objects.exists()
    page = response.content.decode()
    assert "Too many files at once: the limit is 100 files in one upload" in page
    assert 'class="topbar"' in page  # in the app's layout, with a way on


def test_a_form_with_too_many_fields_is_refused_with_a_message_naming_the_limit(project, manager):
    fields = {f"f{i}": "x" for i in range(1001)}
    response = client_for(manager).post(reverse("article-add", args=[project.pk]), fields)
    assert response.status_code == 400
    assert "more than 1000 fields" in response.content.decode()


def test_the_upload_form_says_how_many_files_it_takes(project, manager):
    page = client_for(manager).get(reverse("article-add", args=[project.pk])).content.decode()
    assert "up to 100 at once" in page
