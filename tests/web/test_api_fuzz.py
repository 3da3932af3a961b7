"""Property-based API test for the Kader, Locatietoets and Plantoets endpoints: schemathesis sends
generated (often malformed) requests from the OpenAPI spec, including random multipart uploads;
none may cause a server error, and every status code must be documented."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, status_code_conformance

from wbs.web.app import create_app

app = create_app()
schema = schemathesis.openapi.from_asgi("/openapi.json", app).include(path_regex="^/api/(kader|locatie|plan)/")


@pytest.fixture(autouse=True)
def _eigen_datamap(tmp_path, monkeypatch):
    monkeypatch.setenv("WBS_DATA_DIR", str(tmp_path))


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_server_errors(case):
    case.call_and_validate(checks=[not_a_server_error, status_code_conformance])


def test_unparseable_body_gets_a_dutch_422():
    from fastapi.testclient import TestClient

    r = TestClient(app).post("/api/locatie/toets", content=b"\xff\xfe{", headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and "onleesbaar" in r.json()["detail"]
    assert TestClient(app).get("/api/kader/keuzes/99").status_code == 404  # other HTTP errors unchanged
