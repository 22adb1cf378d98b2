"""JSON Schemas for agreement files and their data files, generated from the models (never
written by hand): `agreement.schema.json`, and beside it `policy.schema.json` (`_policy.yaml`),
`series.schema.json` (`_series/*.yaml`) and `records.schema.json` (`_records/*.yaml`)."""

from __future__ import annotations

import json
from typing import Any

SCHEMA_BASE = "https://iopctl.invalid/schemas/"
SCHEMA_ID = SCHEMA_BASE + "agreement.schema.json"
AGREEMENT_SCHEMA = "agreement.schema.json"

_TITLES = {
    "agreement.schema.json": "IOP agreement (överenskommelse om idéburet offentligt partnerskap)",
    "policy.schema.json": "Local policy for IOP agreements (_policy.yaml)",
    "series.schema.json": "Index or population series (_series/*.yaml: index, folkmängd)",
    "records.schema.json": "Fulfilment records of one agreement (_records/<agreement-id>.yaml)",
}
SCHEMA_NAMES = tuple(_TITLES)
"""The file names of the published schemas, the agreement's first."""


def _model_schema(name: str) -> dict[str, Any]:
    if name == "agreement.schema.json":
        from iopctl.model.agreement import Agreement

        return Agreement.model_json_schema(mode="validation")
    if name == "policy.schema.json":
        from iopctl.model.policy import Policy

        return Policy.model_json_schema(mode="validation")
    if name == "records.schema.json":
        from iopctl.model.records import Records

        return Records.model_json_schema(mode="validation")
    from typing import Annotated

    from pydantic import Field, TypeAdapter

    from iopctl.model.series import IndexSeries, PopulationSeries

    adapter: TypeAdapter[Any] = TypeAdapter(Annotated[IndexSeries | PopulationSeries, Field(discriminator="kind")])
    return adapter.json_schema(mode="validation")


def schema_text(name: str = AGREEMENT_SCHEMA) -> str:
    """One schema as stable, indented JSON text."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_BASE + name,
        "title": _TITLES[name],
        **_model_schema(name),
    }
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
