"""Real servers for tests of the deployment shape: gunicorn app servers (and a private PostgreSQL) on loopback.

Every server is a child process with its own log file, stopped by the test that started it.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_status(url: str, timeout: float = 5) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_until(condition, timeout: float, interval: float = 0.05, message: str = "condition") -> float:
    """Poll `condition` until it is true; return the seconds it took, or fail after `timeout`."""
    started = time.monotonic()
    while True:
        try:
            if condition():
                return time.monotonic() - started
        except OSError:
            pass
        if time.monotonic() - started > timeout:
            raise AssertionError(f"{message} not reached within {timeout} s")
        time.sleep(interval)


@dataclass
class AppServer:
    """One gunicorn app server: `start()`, `stop()`, `base` URL, its environment and log."""

    environment: dict
    log_path: Path
    workers: int = 2
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> "AppServer":
        log = self.log_path.open("a")  # a file, not a pipe: a full pipe would block the server's logging
        self.environment.setdefault("KB_BASE_URL", self.base)
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "-w",
                str(self.workers),
                "-b",
                f"127.0.0.1:{self.port}",
                "--graceful-timeout",
                "5",
                "wsgi:app",
            ],
            cwd=ROOT,
            env={**os.environ, **self.environment},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        try:
            wait_until(lambda: http_status(f"{self.base}/healthz") == 200, timeout, message=f"{self.base} up")
        except AssertionError:
            self.stop()
            raise AssertionError("gunicorn did not start:\n" + self.log_path.read_text()[-4000:]) from None
        return self

    def worker_pids(self) -> list[int]:
        found = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True, check=False)
        return [int(pid) for pid in found.stdout.split()]

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None

    def log(self) -> str:
        return self.log_path.read_text() if self.log_path.exists() else ""


def app_environment(database_url: str, index_dir: Path, **extra) -> dict:
    """The environment of an app server in production mode (as deploy/ sets it), on loopback."""
    return {
        "KB_SECRET_KEY": "a-test-secret-that-is-long-enough-0123456789",
        "KB_TOTP_KEY": "a-test-totp-key-that-is-long-enough-9876543210",  # production requires one
        "KB_DATABASE_URL": database_url,
        "KB_INDEX_DIR": str(index_dir),
        "KB_LOG_FORMAT": "json",
        # Tests poll search many times a second from one address; the limits are specified in
        # test_search_limits.py.
        "KB_SEARCH_RATE_LIMIT": "100000 per minute",
        "KB_SUGGEST_RATE_LIMIT": "100000 per minute",
        **{key: str(value) for key, value in extra.items()},
    }


PG_BIN = Path("/usr/lib/postgresql/15/bin")


class PrivatePostgres:
    """A PostgreSQL 15 server of the test's own (initdb in a temporary directory, run as the postgres user),
    so a test may stop and restart it without touching the shared cluster other tests use."""

    def __init__(self):
        self.directory = Path(tempfile.mkdtemp(prefix="kb-pg-"))
        self.port = free_port()
        shutil.chown(self.directory, user="postgres", group="postgres")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://kb@127.0.0.1:{self.port}/kb"

    def _as_postgres(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["runuser", "-u", "postgres", "--", *command], capture_output=True, text=True, check=check, timeout=120
        )

    def initialise(self) -> "PrivatePostgres":
        self._as_postgres(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.directory / "data"),
            "-U",
            "kb",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
        )
        self.start()
        self._as_postgres(str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "kb", "kb")
        return self

    def _pg_ctl(self, action: str, *extra: str) -> None:
        self._as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.directory / "data"),
            "-l",
            str(self.directory / "server.log"),
            "-w",
            "-o",
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1",
            action,
            *extra,
        )

    def start(self) -> None:
        self._pg_ctl("start")

    def restart(self) -> None:
        self._pg_ctl("restart", "-m", "fast")

    def stop(self) -> None:
        self._as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(self.directory / "data"), "-m", "immediate", "-w", "stop", check=False
        )

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)
