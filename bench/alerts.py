"""Alert latency (issue 22): from an event reported on the supplier with the most customers to
the delivery of its alerts at a local receiver, through an alerts webhook. A member key watches
every firm the event would disrupt (the impact rule, as `GET /enterprises/{id}/impact` finds
them); an admin key reports a production stop on the hub, `rounds` times; the receiver notes when
each delivery arrives and how many alerts it carries."""
import json
import statistics
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx


class Receiver:
    """A local webhook receiver: the arrival time and body of every delivery, by webhook-id."""

    def __init__(self):
        self.arrived = {}
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                with receiver.lock:
                    receiver.arrived[self.headers.get("webhook-id")] = (time.perf_counter(),
                                                                         json.loads(body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/alerts"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()


def run(url, admin_key, hub, rounds=10):
    admin = {"Authorization": f"Bearer {admin_key}"}
    with httpx.Client(base_url=url, timeout=120) as client:
        made = client.post("/api/v1/keys", headers=admin, json={
            "name": "bench watcher", "role": "member", "member_org": "bench-watchers"})
        made.raise_for_status()
        member = {"Authorization": f"Bearer {made.json()['secret']}"}
        impact = client.get(f"/api/v1/enterprises/{hub}/impact", params={"depth": 3}).json()
        disrupted = [a["firm"]["id"] for a in impact["affected"] if a["disrupted"]]
        for firm in disrupted:
            client.post("/api/v1/watches", headers=member,
                        json={"kind": "enterprise", "target": firm}).raise_for_status()
        receiver = Receiver()
        try:
            hook = client.post("/api/v1/webhooks", headers=member,
                               json={"url": receiver.url, "stream": "alerts"})
            hook.raise_for_status()
            latencies, sizes = [], []
            for i in range(rounds):
                seen = set(receiver.arrived)
                started = time.perf_counter()
                client.post(f"/api/v1/enterprises/{hub}/events", headers=admin, json={
                    "kind": "production_stop", "occurred_on": "2026-12-08", "severity": "high",
                    "source": {"outlet": "bench", "title": f"synthetic event {i}"},
                }).raise_for_status()
                deadline = time.monotonic() + 60
                while True:
                    with receiver.lock:
                        new = {k: v for k, v in receiver.arrived.items() if k not in seen}
                    carried = sum(len(body["data"]["alerts"]) for _, body in new.values())
                    if new and carried >= len(disrupted):
                        break
                    if time.monotonic() > deadline:
                        raise SystemExit(f"bench: alerts: {carried} of {len(disrupted)} alerts "
                                         "after 60 s")
                    time.sleep(0.005)
                latencies.append((max(t for t, _ in new.values()) - started) * 1000)
                sizes.append(carried)
            client.delete(f"/api/v1/webhooks/{hook.json()['webhook']['id']}", headers=member)
        finally:
            receiver.stop()
    latencies.sort()
    return {"hub": hub, "reached": len(impact["affected"]), "truncated": impact["truncated"],
            "watched": len(disrupted), "alerts": statistics.median(sizes), "rounds": rounds,
            "p50": statistics.median(latencies),
            "p95": latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))],
            "max": latencies[-1]}
