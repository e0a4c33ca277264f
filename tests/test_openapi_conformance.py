"""schemathesis over the whole OpenAPI document: every operation, generated requests, 0 failures."""

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

EXAMPLES_PER_OPERATION = 12


def test_every_operation_answers_as_documented(seeded_app):
    """For valid and invalid generated requests alike: no server errors, and status codes, content types,
    headers and bodies match the document the app serves."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", seeded_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 20
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES_PER_OPERATION,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def conforms(case):
                case.call_and_validate()

            conforms()
