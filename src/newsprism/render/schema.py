"""The JSON schema of a story brief, derived from the records so it cannot drift.

``python -m newsprism.render.schema > docs/brief.schema.json`` regenerates the copy kept
in the repository; a test checks that the copy is current.
"""

from __future__ import annotations

import json
from typing import Any


def brief_schema() -> dict[str, Any]:
    from pydantic import TypeAdapter

    from newsprism.records import Brief

    schema = TypeAdapter(Brief).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "newsprism.brief/1"
    return schema


def validate_brief_json(text: str) -> None:
    """Raise ``pydantic.ValidationError`` when ``text`` is not a valid brief."""
    from pydantic import TypeAdapter

    from newsprism.records import Brief

    TypeAdapter(Brief).validate_json(text)


if __name__ == "__main__":
    print(json.dumps(brief_schema(), indent=2, sort_keys=True))
