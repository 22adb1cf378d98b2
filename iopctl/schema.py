"""JSON Schema for agreement files, generated from the models (never written by hand)."""

from __future__ import annotations

import json

SCHEMA_ID = "https://iopctl.invalid/schemas/agreement.schema.json"


def schema_text() -> str:
    """The schema as stable, indented JSON text."""
    from iopctl.model import Agreement

    schema = Agreement.model_json_schema(mode="validation")
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "IOP agreement (överenskommelse om idéburet offentligt partnerskap)",
        **schema,
    }
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
