"""The processes a benchmark drives: the bench Neo4j instance (neo4j/neo4j.sh, configured by the
environment bench/run.sh exports), the CLI, and release builds of the service."""
import os
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "target" / "release" / "chain-atlas"
RAW = ROOT / "target" / "release" / "examples" / "raw_bolt"


def neo4j(command):
    subprocess.run([str(ROOT / "neo4j" / "neo4j.sh"), command], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)


def restart_neo4j():
    neo4j("stop")
    neo4j("start")


def cli(*args):
    """Runs the CLI; returns (stdout, seconds, peak RSS in KiB of that process)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen([str(BIN), *map(str, args)], cwd=ROOT, stdout=out, stderr=err,
                                text=True)
        # wait4, not wait: it also returns the rusage of this one child, its peak RSS included.
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"bench: chain-atlas {' '.join(map(str, args))} failed:\n"
                             f"{err.read()[-2000:]}")
        return out.read(), seconds, usage.ru_maxrss


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def data_dir_bytes():
    instance = os.environ.get("NEO4J_INSTANCE", "bench")
    data = ROOT / "neo4j" / "run" / instance / "home" / "data" / "databases" / "neo4j"
    return sum(f.stat().st_size for f in data.rglob("*") if f.is_file())


class Service:
    """A release build of the service on a free port, started and waited for until ready."""

    def __init__(self, name, env=None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, CHAIN_ATLAS__APPLICATION__PORT=str(self.port), **(env or {}))
        self.log = open(ROOT / "target" / f"bench-{name}.log", "w")
        self.proc = subprocess.Popen([str(BIN), "serve"], cwd=ROOT, env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/ready", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None:
                raise SystemExit(f"bench: the service exited; see {self.log.name}")
            time.sleep(0.3)
        raise SystemExit(f"bench: the service was not ready in 180 s; see {self.log.name}")

    def peak_rss_kib(self):
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        return None

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()
