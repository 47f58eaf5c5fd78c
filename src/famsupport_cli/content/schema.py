"""JSON Schemas of the content files, generated from the pydantic models."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from famsupport_cli.content.messages_file import MessagesFile
from famsupport_cli.content.models import Checklist, RecommendationsFile, SourcesFile
from famsupport_cli.content.ui import UiText
from famsupport_cli.content.vignettes import TrainingText, Vignette

# File kind -> (model, schema file name). The YAML files point to these names.
SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "checklist": (Checklist, "checklist.schema.json"),
    "recommendations": (RecommendationsFile, "recommendations.schema.json"),
    "sources": (SourcesFile, "sources.schema.json"),
    "ui": (UiText, "ui.schema.json"),
    "vignette": (Vignette, "vignette.schema.json"),
    "training": (TrainingText, "training.schema.json"),
    "messages": (MessagesFile, "messages.schema.json"),
}


def schema_for(kind: str) -> dict[str, Any]:
    model, file_name = SCHEMAS[kind]
    schema = model.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": file_name, **schema}


def schema_text(kind: str) -> str:
    return json.dumps(schema_for(kind), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
