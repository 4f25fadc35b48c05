"""Schemathesis over /openapi.json: generated requests never cause a server error, and every
response matches the documented schema, status codes, content type and headers."""

from __future__ import annotations

import tempfile

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance
from schemathesis.config import SchemathesisConfig
from schemathesis.config._checks import NEGATIVE_DATA_REJECTION_EXPECTED_STATUSES

from mlroadmap.curriculum.source import open_curriculum
from mlroadmap.progress.store.engine import make_engine
from mlroadmap.progress.store.progress import ProgressStore
from mlroadmap.web.app import create_app

from .conftest import EXAMPLE

_folder = tempfile.mkdtemp(prefix="mlroadmap-schema-")
# Schemathesis calls the app in process as host "testserver": this app answers to it too (the
# host check itself is tested in tests/test_server_security.py).
APP = create_app(
    open_curriculum(EXAMPLE),
    ProgressStore(make_engine(f"sqlite:///{_folder}/store.db")),
    allowed_hosts=["127.0.0.1", "testserver"],
)
# A body over the API's size limit is refused with 413 before its fields are checked; that is a
# rejection too, so it joins the statuses Schemathesis expects for schema-violating requests.
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "negative_data_rejection": {
                "expected-statuses": [*NEGATIVE_DATA_REJECTION_EXPECTED_STATUSES, "413"]
            }
        }
    }
)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP, config=CONFIG)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case: schemathesis.Case) -> None:
    # Every check runs but one: "positive data acceptance" expects every schema-valid request
    # to succeed, while ids that name nothing (a roadmap "x") are valid JSON the API must refuse.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
