"""Real servers for tests of the deployment shape (and bench/load.py): gunicorn app servers, nginx with the
site config from deploy/, and a private PostgreSQL, on loopback.

Every server is a child process with its own log file, stopped by the test that started it.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from deploy.render import render

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SERVER_NAME = "metodebasen.test"  # the public name nginx serves in the deployment tests and the load benchmark
# gunicorn as deploy/ runs it: bind address and workers come from GUNICORN_BIND and GUNICORN_WORKERS.
DEPLOYED_GUNICORN = [str(BIN / "gunicorn"), "--config", "deploy/gunicorn.conf.py"]


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_logged(command: list[str], environment: dict, log_path: Path, mode: str = "w") -> subprocess.Popen:
    """Start `command` in the repository with its output in `log_path`."""
    with log_path.open(mode) as log:  # a file, not a pipe: a full pipe would block the server's logging
        return subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)


def stop_process(process: subprocess.Popen, timeout: float = 20) -> None:
    """Stop `process` with SIGTERM, or SIGKILL when it has not ended after `timeout` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    """Wait until `process` listens on `port`; fail with the end of its log if it exits or takes 10 s."""
    for _ in range(200):
        if process.poll() is not None:
            raise AssertionError(f"server exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"server did not listen on {port}: {log.read_text(errors='replace')[-2000:]}")


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


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    certificate, key = directory / "tls.crt", directory / "tls.key"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            f"/CN={SERVER_NAME}",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
        ],
        check=True,
        capture_output=True,
    )
    return certificate, key


def nginx_main_config(directory: Path, site: Path) -> str:
    temp = directory / "nginx-temp"
    temp.mkdir()
    user = "user root;\n" if os.geteuid() == 0 else ""  # tmp_path is private to the test's user
    return (
        f"{user}daemon off;\nworker_processes 1;\npid {directory / 'nginx.pid'};\n"
        f"error_log {directory / 'nginx-error.log'} warn;\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        "  include /etc/nginx/mime.types;\n"
        f"  access_log {directory / 'nginx-access.log'};\n"
        + "".join(
            f"  {kind}_temp_path {temp / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + f"  include {site};\n}}\n"
    )


def nginx_command(prefix: Path, main_config: Path) -> list[str]:
    """nginx in the foreground with its prefix, configuration (see `nginx_main_config`) and error log."""
    return [NGINX, "-p", str(prefix), "-c", str(main_config), "-e", str(prefix / "nginx-error.log")]


def nginx_site_config(directory: Path, http_port: int, https_port: int, upstreams: list[str]) -> str:
    """deploy/'s nginx site for SERVER_NAME on loopback ports, with a new self-signed certificate in `directory`."""
    certificate, key = self_signed_certificate(directory)
    return render(
        (ROOT / "deploy" / "nginx-metodebasen.conf.template").read_text(encoding="utf-8"),
        {
            "SERVER_NAME": SERVER_NAME,
            "HTTP_LISTEN": f"127.0.0.1:{http_port}",
            "HTTPS_LISTEN": f"127.0.0.1:{https_port}",
            "PUBLIC_ORIGIN": f"https://{SERVER_NAME}:{https_port}",
            "TLS_CERTIFICATE": str(certificate),
            "TLS_CERTIFICATE_KEY": str(key),
            "PROXY_CACHE_DIR": str(directory / "proxy-cache"),
        },
        upstreams,
    )


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
        self.environment.setdefault("KB_BASE_URL", self.base)
        self.process = start_logged(
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
            {**os.environ, **self.environment},
            self.log_path,
            mode="a",
        )
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
        if self.process:
            stop_process(self.process)
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
