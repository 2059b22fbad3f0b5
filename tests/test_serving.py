"""gunicorn.conf.py serves the site: workers from the CPU count, the import's timeout, the access log's user."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")


def _config(**env):
    """gunicorn.conf.py's settings as gunicorn reads them, under the given environment."""
    code = (
        "from gunicorn.config import Config; c = Config(); "
        "[c.set(k, v) for k, v in __import__('runpy').run_path('gunicorn.conf.py').items() if k in c.settings]; "
        "print(c.workers, c.timeout, c.graceful_timeout, c.access_log_format, sep='|')"
    )
    full = {**os.environ, **env}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=full, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().split("|")


def test_workers_follow_the_cpu_count_and_the_timeout_covers_the_largest_import():
    workers, timeout, graceful, log_format = _config(GUNICORN_WORKERS="", GUNICORN_TIMEOUT="")
    assert int(workers) == os.cpu_count() * 2 + 1
    assert int(timeout) >= 3 * 116  # README, Serving: the largest accepted workbook imports in ~116 s
    assert int(graceful) == int(timeout)
    assert "%({x-request-user}o)s" in log_format
    assert _config(GUNICORN_WORKERS="3", GUNICORN_TIMEOUT="60")[:2] == ["3", "60"]


@pytest.fixture
def server(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "access.log"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env.update(DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", GUNICORN_WORKERS="1")
    command = [str(GUNICORN), "portal.wsgi", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen([*command, "--access-logfile", str(log)], cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    yield port, log, response
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_gunicorn_serves_healthz_and_logs_each_request_with_its_user(server):
    port, log, response = server
    assert response.status == 200 and response.read() == b"ok\n"
    for _ in range(50):
        if log.exists() and "/healthz" in log.read_text():
            break
        time.sleep(0.1)
    line = log.read_text().splitlines()[0]
    assert line.startswith("127.0.0.1 - [")  # an anonymous request: no user
    assert '"GET /healthz HTTP/1.1" 200 3 ' in line
