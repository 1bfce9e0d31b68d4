"""A whole class on JupyterHub: deploy/single-server/jupyterhub_config.py, for real.

A JupyterHub from the fresh ``pip install ".[hub]"`` venv, on 127.0.0.1, with its
configurable-http-proxy (npm), two students who are real system users, and an API token of a
service. Both students' servers are started through the Hub's REST API; each gets the course
in ~/otlab, runs notebook 02 in a kernel of its own server (REST and WebSocket kernel API), and
cannot read the other's files. Needs root (it creates and removes the two users); skips with a
clear message where it cannot run.
"""

from __future__ import annotations

import asyncio
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from install_kit import run

pytestmark = pytest.mark.slow

START_S = 180  # a student's server, on a busy 2-core machine
CELL_S = 300
NOTEBOOK = "02_divergences_vs_wasserstein.ipynb"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def hub_requirements():
    if os.geteuid() != 0 or not shutil.which("useradd"):
        pytest.skip("the JupyterHub test creates two system users: run it as root (as CI does)")
    if not shutil.which("configurable-http-proxy"):
        pytest.skip(
            "configurable-http-proxy not found; install it with "
            "`npm install -g configurable-http-proxy`"
        )


@pytest.fixture(scope="module")
def students(hub_requirements):
    tag = uuid.uuid4().hex[:6]
    names = [f"otlab{tag}a", f"otlab{tag}b"]
    for name in names:
        run(["useradd", "--create-home", "--shell", "/bin/sh", name], timeout=60)
    try:
        yield names
    finally:
        for name in names:
            end_processes_of(name)
            subprocess.run(["userdel", "--remove", name], capture_output=True, timeout=60)


def end_processes_of(user: str) -> None:
    """SIGKILL whatever still runs as ``user`` (servers and kernels the Hub left), by pid."""
    try:
        uid = pwd.getpwnam(user).pw_uid
    except KeyError:
        return
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    os.kill(int(entry.name), signal.SIGKILL)
            except (OSError, ProcessLookupError):
                pass


class Hub:
    def __init__(self, venv, students, workdir: Path):
        self.token = secrets.token_hex(24)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = workdir / "jupyterhub_config.py"
        deploy = venv.root / "src" / "deploy" / "single-server" / "jupyterhub_config.py"
        config.write_text(
            f"""
load_subconfig({str(deploy)!r})
c.JupyterHub.bind_url = {self.url!r}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {free_port()}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.Authenticator.allowed_users = {set(students)!r}
c.JupyterHub.services = [{{"name": "otlab-test", "api_token": {self.token!r}}}]
c.JupyterHub.load_roles = [{{
    "name": "otlab-test",
    "scopes": ["admin:users", "admin:servers", "access:servers", "read:users"],
    "services": ["otlab-test"],
}}]
c.Spawner.environment["OTLAB_FAST"] = "1"
c.Spawner.start_timeout = {START_S}
c.Spawner.http_timeout = {START_S}
"""
        )
        self.log = workdir / "jupyterhub.log"
        env = {**os.environ, "PATH": f"{venv.bin}:{os.environ['PATH']}"}
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(
                [str(venv.bin / "jupyterhub"), "-f", str(config)],
                cwd=workdir,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.wait(lambda: self.api("GET", "/hub/api/")[0] == 200, 120, "the Hub did not start")

    def api(self, method: str, path: str, body=None):
        request = urllib.request.Request(
            self.url + path,
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"token {self.token}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                text = response.read().decode()
                return response.status, json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except OSError as error:
            return 0, str(error)

    def wait(self, ready, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            if ready():
                return
            time.sleep(1)
        tail = "\n".join(self.log.read_text(errors="replace").splitlines()[-25:])
        raise AssertionError(f"{what} within {timeout} s; the Hub's log ends with:\n{tail}")

    def start_server(self, user: str) -> None:
        status, answer = self.api("POST", f"/hub/api/users/{user}/server")
        assert status in (201, 202), f"starting {user}'s server: {status} {answer}"

        def ready():
            status, model = self.api("GET", f"/hub/api/users/{user}")
            return status == 200 and model["servers"].get("", {}).get("ready")

        self.wait(ready, START_S, f"{user}'s server was not ready")

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # the Hub stops the servers it started
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


async def run_in_kernel(hub: Hub, user: str, sources: list[str]) -> list[str]:
    """Start a kernel in ``user``'s server, run each source in it, return each one's stdout.

    Raises AssertionError naming the cell when a source fails.
    """
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    status, kernel = hub.api("POST", f"/user/{user}/api/kernels", {"name": "python3"})
    assert status == 201, f"no kernel in {user}'s server: {status} {kernel}"
    url = f"ws://127.0.0.1:{hub.port}/user/{user}/api/kernels/{kernel['id']}/channels"
    headers = {"Authorization": f"token {hub.token}"}
    socket_ = await websocket_connect(HTTPRequest(url, headers=headers), max_message_size=2**28)
    outputs = []
    try:
        for index, source in enumerate(sources):
            msg_id = uuid.uuid4().hex
            message = {
                "header": {
                    "msg_id": msg_id,
                    "msg_type": "execute_request",
                    "username": user,
                    "session": uuid.uuid4().hex,
                    "version": "5.3",
                    "date": "",
                },
                "parent_header": {},
                "metadata": {},
                "content": {"code": source, "silent": False, "allow_stdin": False},
                "channel": "shell",
                "buffers": [],
            }
            await socket_.write_message(json.dumps(message))
            stdout, replied, idle = [], False, False
            while not (replied and idle):  # output (iopub) may come after the reply (shell)
                raw = await asyncio.wait_for(socket_.read_message(), CELL_S)
                assert raw is not None, f"{user}'s kernel closed the connection"
                if isinstance(raw, bytes):
                    continue  # binary messages carry widget buffers
                reply = json.loads(raw)
                if reply.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = reply["msg_type"]
                if kind == "stream" and reply["content"]["name"] == "stdout":
                    stdout.append(reply["content"]["text"])
                if kind == "status" and reply["content"]["execution_state"] == "idle":
                    idle = True
                if kind == "execute_reply":
                    content = reply["content"]
                    assert content["status"] == "ok", (
                        f"{user}: cell {index + 1} raised {content.get('ename')}: "
                        f"{content.get('evalue')}"
                    )
                    replied = True
            outputs.append("".join(stdout))
    finally:
        socket_.close()
        hub.api("DELETE", f"/user/{user}/api/kernels/{kernel['id']}")
    return outputs


def run_async(coroutine):
    """Run ``coroutine`` to the end in a thread of its own: Playwright's sync API (the browser
    tests) may keep an event loop running in this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_two_students_each_run_notebook_02_and_cannot_read_each_other(
    fresh_venv, students, tmp_path
):
    fresh_venv.pip(".[hub]")
    tmp_path.chmod(0o755)
    hub = Hub(fresh_venv, students, tmp_path)
    try:
        for user in students:
            hub.start_server(user)
        first, second = students
        for user, other in ((first, second), (second, first)):
            status, notebook = hub.api("GET", f"/user/{user}/api/contents/otlab/{NOTEBOOK}")
            assert status == 200, f"the course is not in {user}'s ~/otlab: {status} {notebook}"
            cells = [
                cell["source"]
                for cell in notebook["content"]["cells"]
                if cell["cell_type"] == "code"
            ]
            own = f"/home/{user}/otlab/{NOTEBOOK}"
            theirs = f"/home/{other}/otlab/{NOTEBOOK}"
            probe = (
                "import os, pwd\n"
                "print(pwd.getpwuid(os.getuid()).pw_name)\n"
                f"print(len(open({own!r}).read()) > 0)\n"
                "try:\n"
                f"    open({theirs!r}).read()\n"
                "    print('read')\n"
                "except PermissionError:\n"
                "    print('denied')\n"
            )
            outputs = run_async(run_in_kernel(hub, user, [*cells, probe]))
            assert outputs[-1].split() == [user, "True", "denied"]
            assert Path(theirs).exists()  # it is there: only the permissions keep it private
    finally:
        hub.close()
