"""Only kb/config.py reads the environment, and production refuses to run without a secret key."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kb.config import DEVELOPMENT_SECRET_KEY, ConfigurationError, from_environment


def _production(monkeypatch, **settings):
    """A production start's environment: the required settings, overridden by `settings` (None unsets one)."""
    environment = {
        "KB_SECRET_KEY": "s3cret",
        "KB_TOTP_KEY": "t" * 40,
        "KB_BASE_URL": "https://metodebasen.example",
        "FLASK_DEBUG": None,
        "KB_ENV": None,
        **settings,
    }
    for name, value in environment.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)


@pytest.mark.parametrize("missing", ["KB_SECRET_KEY", "KB_BASE_URL", "KB_TOTP_KEY"])
def test_production_refuses_to_start_without_a_secret_key_a_public_address_or_a_two_factor_key(monkeypatch, missing):
    _production(monkeypatch, **{missing: None})
    with pytest.raises(ConfigurationError, match=missing):
        from_environment()


@pytest.mark.parametrize("name", ["KB_SECRET_KEY", "KB_TOTP_KEY"])
def test_production_refuses_the_example_files_placeholder_keys(monkeypatch, name):
    """deploy/env.example is public: a key copied from it unchanged would let anyone forge sessions or open secrets."""
    _production(monkeypatch, **{name: "change-me-to-64-random-hex-characters"})
    with pytest.raises(ConfigurationError, match=f"{name} is still the placeholder"):
        from_environment()


@pytest.mark.parametrize(("name", "value"), [("KB_UPLOAD_MAX_BYTES", "20MB"), ("KB_INDEX_FOLLOW_SECONDS", "ti")])
def test_a_number_setting_that_is_not_a_number_is_refused_by_name(monkeypatch, name, value):
    _production(monkeypatch, **{name: value})
    with pytest.raises(ConfigurationError, match=f"{name} must be a number"):
        from_environment()


def test_debugging_gets_a_development_key(monkeypatch):
    monkeypatch.delenv("KB_SECRET_KEY", raising=False)
    monkeypatch.setenv("FLASK_DEBUG", "1")
    assert from_environment()["SECRET_KEY"] == DEVELOPMENT_SECRET_KEY


def test_environment_names_the_database_index_and_key(monkeypatch, tmp_path):
    monkeypatch.setenv("KB_SECRET_KEY", "s3cret")
    monkeypatch.setenv("KB_BASE_URL", "https://metodebasen.example")
    monkeypatch.setenv("KB_TOTP_KEY", "t" * 40)
    monkeypatch.setenv("KB_DATABASE_URL", "postgresql+psycopg://u:p@localhost/kb")
    monkeypatch.setenv("KB_INDEX_DIR", str(tmp_path))
    monkeypatch.setenv("KB_DEMO_NOTICE", "0")
    config = from_environment()
    assert config["SECRET_KEY"] == "s3cret"
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@localhost/kb"
    assert config["KB_INDEX_DIR"] == str(tmp_path)
    assert config["KB_DEMO_NOTICE"] is False


def test_defaults_live_in_the_instance_folder(monkeypatch):
    for name in ("KB_DATABASE_URL", "KB_INDEX_DIR", "KB_DEMO_NOTICE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KB_SECRET_KEY", "x")
    monkeypatch.setenv("KB_BASE_URL", "https://metodebasen.example")
    monkeypatch.setenv("KB_TOTP_KEY", "t" * 40)
    config = from_environment()
    assert config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert config["SQLALCHEMY_DATABASE_URI"].endswith("instance/metodebasen.sqlite")
    assert config["KB_INDEX_DIR"].endswith("instance/index")
    assert config["KB_DEMO_NOTICE"] is True


def test_no_other_module_reads_the_environment():
    from pathlib import Path

    package = Path(__file__).resolve().parent.parent / "kb"
    readers = [
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if "os.environ" in path.read_text(encoding="utf-8") or "getenv" in path.read_text(encoding="utf-8")
    ]
    assert readers == ["config.py"]


def test_every_setting_kb_reads_is_in_the_one_table_and_the_readme_lists_it():
    import re
    from pathlib import Path

    from kb.config import SETTINGS, markdown_table

    root = Path(__file__).resolve().parent.parent
    used = {name for path in (root / "kb").rglob("*.py") for name in re.findall(r"\bKB_[A-Z_]+\b", path.read_text())}
    declared = {setting.name for setting in SETTINGS}
    assert used - {"KB_ENV"} <= declared  # KB_ENV only switches on the development secret key
    assert markdown_table() in (root / "README.md").read_text()


def test_an_app_made_from_a_partial_mapping_still_has_every_setting(app):
    from kb.config import SETTINGS

    missing = [setting.config_key for setting in SETTINGS if setting.config_key not in app.config]
    assert missing == []


def _development_app(tmp_path, debug=False):
    from kb import create_app
    from tests.conftest import test_config

    app = create_app(
        {
            **test_config(f"sqlite:///{tmp_path / 'kb.sqlite'}", tmp_path / "index"),
            "SECRET_KEY": DEVELOPMENT_SECRET_KEY,
            "TESTING": False,
            "DEBUG": debug,
        }
    )
    return app


@pytest.mark.parametrize("bound_to", ["http://0.0.0.0/", "http://192.0.2.10/", "http://metodebasen.example/"])
def test_the_public_development_key_is_refused_on_an_address_others_can_reach(tmp_path, bound_to):
    response = _development_app(tmp_path).test_client().get("/robots.txt", base_url=bound_to)
    assert response.status_code == 503
    assert "Metodebasen er midlertidigt utilgængelig" in response.get_data(as_text=True)


@pytest.mark.parametrize("bound_to", ["http://127.0.0.1:5000/", "http://localhost/", "http://127.0.0.2/"])
def test_the_public_development_key_is_served_on_loopback(tmp_path, bound_to):
    assert _development_app(tmp_path).test_client().get("/robots.txt", base_url=bound_to).status_code == 200


def test_the_debug_server_may_use_the_development_key_anywhere(tmp_path):
    client = _development_app(tmp_path, debug=True).test_client()
    assert client.get("/robots.txt", base_url="http://0.0.0.0/").status_code == 200


def test_four_eyes_is_switched_on_from_the_environment(monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    monkeypatch.setenv("KB_REQUIRE_APPROVAL", "1")
    assert from_environment()["KB_REQUIRE_APPROVAL"] is True
    monkeypatch.delenv("KB_REQUIRE_APPROVAL")
    assert from_environment()["KB_REQUIRE_APPROVAL"] is False


def test_a_negative_shared_cache_time_is_refused(monkeypatch):
    _production(monkeypatch, KB_SHARED_CACHE_SECONDS="-1")
    with pytest.raises(ConfigurationError, match="KB_SHARED_CACHE_SECONDS must be 0"):
        from_environment()


def test_a_command_without_settings_says_what_is_missing_in_one_line_without_a_traceback(tmp_path):
    """A newcomer who runs `flask --app wsgi kb …` outside `make` gets the reason, not a Python traceback."""
    environment = {name: value for name, value in os.environ.items() if not name.startswith(("KB_", "FLASK_"))} | {
        "KB_DATABASE_URL": f"sqlite:///{tmp_path / 'kb.sqlite'}"
    }
    finished = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "kb", "--help"],
        cwd=Path(__file__).resolve().parent.parent,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert finished.returncode != 0
    assert "KB_SECRET_KEY" in finished.stderr
    assert "Traceback" not in finished.stderr
