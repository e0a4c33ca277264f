"""Request bodies are small everywhere except on the upload route (issue 11, finding 5).

A form or API call over the global limit gets the Danish 413 page (or a JSON 413 under /api/); only the
conference upload route takes bodies up to the upload limit.
"""

import io

from tests.accounts import PASSWORD, make_user, sign_in


def _big_form(size: int) -> dict:
    return {"email": "x@example.dk", "password": "x" * size}


def test_a_sign_in_form_over_the_global_limit_gets_the_danish_413_page(client):
    response = client.post("/konto/log-ind", data=_big_form(2 * 1024 * 1024))
    assert response.status_code == 413
    assert "Filen eller formularen er for stor" in response.get_data(as_text=True)


def test_an_api_call_over_the_global_limit_gets_a_json_413(client):
    response = client.post("/api/v1/search", data="x" * (2 * 1024 * 1024), content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["error"]["status"] == 413


def test_the_upload_route_takes_a_body_over_the_global_limit(app, client):
    make_user(app, "redaktoer@example.dk")
    sign_in(client, "redaktoer@example.dk", PASSWORD)
    response = client.post("/redaktion/konferencer/999/filer", data={"title": "x", "padding": "y" * (3 * 1024 * 1024)})
    assert response.status_code != 413


def test_the_upload_route_refuses_a_body_over_the_upload_limit(app, client):
    make_user(app, "redaktoer@example.dk")
    sign_in(client, "redaktoer@example.dk", PASSWORD)
    app.config["KB_UPLOAD_MAX_BYTES"] = 2 * 1024 * 1024
    file = (io.BytesIO(b"y" * (3 * 1024 * 1024)), "slides.pdf")
    response = client.post("/redaktion/konferencer/999/filer", data={"file": file})
    assert response.status_code == 413
