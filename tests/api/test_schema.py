from __future__ import annotations

import yaml
from django.test import Client


def test_the_openapi_schema_describes_import_and_export(db):
    response = Client().get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    imp = paths["/api/v1/projects/{project_id}/import/"]["post"]
    assert "application/x-ndjson" in imp["requestBody"]["content"]
    assert "All or nothing" in imp["description"]
    exp = paths["/api/v1/projects/{project_id}/export/"]["get"]
    params = {p["name"]: p for p in exp["parameters"]}
    assert set(params["format"]["schema"]["enum"]) >= {"jsonl", "brat", "ptc", "w3c"}
    assert "/api/v1/spans/{span_id}/review/" in paths


def test_the_docs_page_loads(db):
    response = Client().get("/api/docs/")
    assert response.status_code == 200
    assert b"swagger" in response.content.lower()
