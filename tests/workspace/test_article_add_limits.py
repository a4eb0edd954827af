"""Audit gap (issue 12 §3: every refusal a 4xx naming the problem): choosing more than 100
files on the "Add articles" page answers Django's bare "Bad Request (400)".

Django refuses a multipart body with more than DATA_UPLOAD_MAX_NUMBER_FILES (100) files with
TooManyFilesSent before the view runs; nothing in newsannot turns it into a message, and the
page ("Files ... several at once") names no limit. A corpus folder of 101 .txt files is an
ordinary thing to select. This test fails until the answer tells the manager the limit.
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
    assert 400 <= response.status_code < 500
    assert not Article.objects.exists()
    page = response.content.decode()
    assert "100" in page and "files" in page, page[:300]
