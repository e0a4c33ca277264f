"""Headers on every response, and input no database can store answered with a Danish 400."""

import pytest

from tests.accounts import csrf_token


@pytest.mark.parametrize("path", ["/", "/metoder", "/findes-ikke", "/api/v1/search?q=mst", "/konto/log-ind"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    assert "Strict-Transport-Security" in client.get("/", base_url="https://localhost").headers


def test_nul_bytes_in_forms_and_parameters_get_a_danish_400(client):
    token = csrf_token(client)
    response = client.post("/konto/log-ind", data={"email": "a\x00@x.dk", "password": "x", "csrf_token": token})
    assert response.status_code == 400
    assert "Forespørgslen kunne ikke forstås" in response.get_data(as_text=True)
    assert client.get("/konto/log-ind?next=%00").status_code == 400
    assert client.get("/soeg?q=%00mst").status_code == 200  # search cleans its own input


@pytest.mark.parametrize("path", ["/filer/abc/x%00.pdf", "/filer/12/x%00.pdf", "/l/ab%00", "/redaktion/filer/a%00/b"])
def test_a_nul_byte_in_the_address_gets_a_danish_400(client, path):
    """A NUL in a path segment (a file name, a short code) must not reach the database (PostgreSQL refuses it)."""
    response = client.get(path)
    assert response.status_code == 400
    assert "Forespørgslen kunne ikke forstås" in response.get_data(as_text=True)


def test_a_nul_byte_in_an_api_address_gets_a_json_400(client):
    response = client.get("/api/v1/methods/mst%00")
    assert response.status_code == 400
    assert response.is_json
