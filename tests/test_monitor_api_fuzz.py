"""Property-based API test: schemathesis drives every /api/monitor operation from the OpenAPI
spec (with a beheerder token, so the write paths run too): no server errors, every status code
is documented and every answer matches its documented schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance, status_code_conformance
from sqlalchemy.orm import Session

from wbs.monitor import db, service
from wbs.monitor.testing import backends, drop_engine, engine_url, fresh_engine
from wbs.web.app import create_app

app = create_app()
schema = schemathesis.openapi.from_asgi("/openapi.json", app).include(path_regex="^/api/monitor/")


BACKENDS = backends()


@pytest.fixture(scope="module", params=BACKENDS)
def token(tmp_path_factory, request):
    eng = fresh_engine(tmp_path_factory.mktemp("fuzz"), postgres=request.param == "postgres")
    with Session(eng) as s:
        service.create_user(s, "beheer", "beheerder")
        _, tok = service.create_token(s, "beheer")
        s.commit()
    mp = pytest.MonkeyPatch()
    mp.setenv("WBS_DATABASE_URL", engine_url(eng))
    db.reset_engines()
    yield tok
    mp.undo()
    db.reset_engines()
    drop_engine(eng)


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_server_errors(case, token):
    checks = [not_a_server_error, response_schema_conformance, status_code_conformance]
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=checks)
