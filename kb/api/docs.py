"""The Danish documentation page at /api, read from the same OpenAPI document the API serves."""

from dataclasses import dataclass, field

from flask import Blueprint, current_app, render_template

bp = Blueprint("api_docs", __name__)

WHERE = {"query": "forespørgsel", "path": "sti", "header": "header"}
TYPES = {"integer": "heltal", "string": "tekst", "boolean": "true/false", "number": "tal", "object": "objekt"}


@dataclass
class Parameter:
    """One documented parameter, ready to show."""

    name: str
    where: str
    type: str
    description: str
    allowed: str  # enum values, pattern or range in words


@dataclass
class Operation:
    """One documented operation: method, path, Danish summary, parameters and the schema it answers with."""

    method: str
    path: str
    summary: str
    parameters: list[Parameter]
    schema: str
    statuses: list[str] = field(default_factory=list)


@dataclass
class SchemaField:
    """One field of a response schema."""

    name: str
    type: str
    description: str


def _type(schema: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " eller ".join(_type(choice) for choice in schema["anyOf"])
    kind = schema.get("type", "")
    kinds = kind if isinstance(kind, list) else [kind]
    if "array" in kinds:
        return f"liste af {_type(schema.get('items', {}))}"
    words = " eller ".join(TYPES.get(k, k) for k in kinds if k)
    return f"{words} ({schema['format']})" if schema.get("format") else words


def _allowed(schema: dict) -> str:
    if "enum" in schema:
        return ", ".join(str(value) for value in schema["enum"])
    if "minimum" in schema or "maximum" in schema:
        return f"{schema.get('minimum', '')}–{schema.get('maximum', '')}"
    if "pattern" in schema:
        return f"mønster {schema['pattern']}"
    if "maxLength" in schema:
        return f"højst {schema['maxLength']} tegn"
    return ""


def _parameter(raw: dict) -> Parameter:
    schema = raw.get("schema", {})
    description = raw.get("description", "")
    if "default" in schema:
        description = f"{description} (standard: {schema['default']})".strip()
    return Parameter(raw["name"], WHERE.get(raw["in"], raw["in"]), _type(schema), description, _allowed(schema))


def openapi_document() -> dict:
    """The current app's OpenAPI document as a dict."""
    return current_app.extensions["flask-smorest"]["apis"][""]["ext_obj"].spec.to_dict()


def reference() -> tuple[list[Operation], dict[str, list[SchemaField]]]:
    """Every operation in document order, and the fields of every schema the responses use."""
    document = openapi_document()
    operations = []
    for path, item in document["paths"].items():
        shared = item.get("parameters", [])
        for method, operation in item.items():
            if method == "parameters":
                continue
            success = operation["responses"].get("200", {})
            schema = success.get("content", {}).get("application/json", {}).get("schema", {})
            operations.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=operation.get("summary", ""),
                    parameters=[_parameter(p) for p in shared + operation.get("parameters", [])],
                    schema=_type(schema),
                    statuses=sorted(code for code in operation["responses"] if code != "default"),
                )
            )
    schemas = {
        name: [
            SchemaField(field_name, _type(spec), spec.get("description", ""))
            for field_name, spec in body.get("properties", {}).items()
        ]
        for name, body in sorted(document["components"]["schemas"].items())
    }
    return operations, schemas


@bp.get("/api")
def documentation():
    """The Danish API documentation page, read from the OpenAPI document."""
    operations, schemas = reference()
    return render_template("public/api.html", operations=operations, schemas=schemas)
