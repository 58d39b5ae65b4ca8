"""The worker process over its JSON-lines protocol: one warm process, several requests,
progress events, machine-readable errors, and a malformed line does not kill it."""

import json
import os
import queue
import subprocess
import sys
import threading
import time

import pytest

from conftest import TINY_CONFIG, WORKER_DIR


class Worker:
    def __init__(self):
        self.proc = subprocess.Popen([sys.executable, "-m", "modelmint_worker"], cwd=WORKER_DIR, env=dict(os.environ),
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(json.loads(line))  # every stdout line must be JSON
        self.lines.put(None)

    def send(self, obj):
        self.proc.stdin.write((obj if isinstance(obj, str) else json.dumps(obj)) + "\n")
        self.proc.stdin.flush()

    def next(self, timeout=60):
        ev = self.lines.get(timeout=timeout)
        assert ev is not None, "worker closed stdout"
        return ev

    def until_done(self, rid, timeout=120):
        """Events for rid up to and including its result or error."""
        evs, deadline = [], time.monotonic() + timeout
        while True:
            ev = self.next(max(1, deadline - time.monotonic()))
            if ev.get("id") == rid:
                evs.append(ev)
                if ev["event"] in ("result", "error"):
                    return evs


@pytest.fixture(scope="module")
def worker(base_dir):
    w = Worker()
    ready = w.next()
    assert ready["event"] == "ready" and ready["protocol"] == 1 and ready["id"] is None
    yield w
    if w.proc.poll() is None:
        w.proc.kill()


def test_malformed_lines_get_errors_and_the_worker_keeps_serving(worker):
    worker.send("{this is not json")
    ev = worker.next()
    assert ev["event"] == "error" and ev["id"] is None and ev["ok"] is False
    assert ev["error"]["code"] == "BAD_REQUEST" and ev["error"]["reason_code"] == 1
    worker.send({"id": "u1", "type": "teleport"})
    assert worker.next()["error"]["code"] == "BAD_REQUEST"
    worker.send({"id": "m1", "type": "train", "category": "caption"})
    ev = worker.next()
    assert ev["id"] == "m1" and "base" in ev["error"]["message"] and "out_dir" in ev["error"]["message"]
    worker.send({"id": "v1", "type": "validate", "category": "caption", "dataset": WORKER_DIR + "/PROTOCOL.md"})
    evs = worker.until_done("v1")
    assert [e["event"] for e in evs] == ["accepted", "error"]
    assert evs[-1]["error"]["details"]["problems"][0]["code"] == "UNSUPPORTED_FILE"
    worker.send({"id": "p1", "type": "ping"})
    assert worker.next() == {"id": "p1", "event": "result", "ok": True, "result": {"pong": True, "queued": 0}}


def test_train_streams_progress_then_infer(worker, text_dataset, tmp_path):
    worker.send({"id": "t1", "type": "train", "category": "caption", "base": "caption-tiny", "dataset": text_dataset,
                 "config": TINY_CONFIG, "out_dir": str(tmp_path / "train"), "seed": 1})
    evs = worker.until_done("t1")
    assert evs[0]["event"] == "accepted"
    progress = [e for e in evs if e["event"] == "progress"]
    epoch_ends = [e for e in progress if e["val_loss"] is not None]
    assert len(epoch_ends) >= TINY_CONFIG["epochs"]
    for e in progress:
        assert {"epoch", "step", "train_loss", "val_loss", "eta_secs"} <= set(e) and e["eta_secs"] >= 0
    assert [e["epoch"] for e in epoch_ends][-1] == TINY_CONFIG["epochs"]
    result = evs[-1]
    assert result["event"] == "result" and result["ok"]
    r = result["result"]
    assert r["val_loss_last"] < r["val_loss_first"] and os.path.exists(r["adapter"])

    worker.send({"id": "v2", "type": "validate", "category": "caption", "dataset": text_dataset})
    v = worker.until_done("v2")[-1]["result"]
    assert v["kind"] == "text" and v["items"] == 40 and v["dataset_sha256"] == r["dataset_sha256"]
    worker.send({"id": "pt", "type": "pretrain", "base": "caption-tiny"})
    pt = worker.until_done("pt")[-1]["result"]
    assert pt["cached"] is True and pt["sha256"] == r["base_sha256"]

    # Two inference requests back to back: queued, answered in order, same bytes.
    for rid in ("i1", "i2"):
        worker.send({"id": rid, "type": "infer", "category": "caption", "base": "caption-tiny", "adapter": r["adapter"],
                     "adapter_sha256": r["weights_sha256"], "input": {"prompt": "Ahoy", "max_tokens": 30}, "seed": 5,
                     "out_dir": str(tmp_path / rid)})
    a, b = worker.until_done("i1")[-1], worker.until_done("i2")[-1]
    assert a["ok"] and b["ok"]
    assert a["result"]["output_sha256"] == b["result"]["output_sha256"]
    assert open(a["result"]["output"], "rb").read() == open(b["result"]["output"], "rb").read()


def test_errors_carry_codes(worker, tmp_path):
    (tmp_path / "ds").mkdir()
    (tmp_path / "ds" / "x.png").write_text("nope")
    worker.send({"id": "d1", "type": "train", "category": "generate", "base": "generate32-tiny",
                 "dataset": str(tmp_path / "ds"), "out_dir": str(tmp_path / "o")})
    err = worker.until_done("d1")[-1]["error"]
    assert err["code"] == "DATASET_INVALID" and err["retryable"] is False
    assert {p["file"] for p in err["details"]["problems"]} == {"x.png", None}

    worker.send({"id": "c1", "type": "train", "category": "caption", "base": "caption-tiny", "dataset": str(tmp_path),
                 "out_dir": str(tmp_path / "o"), "config": {"batchSize": 3}})
    assert worker.until_done("c1")[-1]["error"]["code"] == "CONFIG_INVALID"

    worker.send({"id": "h1", "type": "infer", "category": "generate", "base": "generate32-tiny",
                 "adapter": str(tmp_path / "ds" / "x.png"), "adapter_sha256": "0" * 64, "out_dir": str(tmp_path / "o")})
    assert worker.until_done("h1")[-1]["error"]["code"] == "WEIGHTS_HASH_MISMATCH"

    worker.send({"id": "b1", "type": "infer", "category": "generate", "base": "generate64-small", "out_dir": str(tmp_path)})
    assert worker.until_done("b1")[-1]["error"]["code"] == "BASE_MODEL_MISSING"


def test_cancel_a_queued_job_then_shutdown(worker, text_dataset, tmp_path):
    cfg = dict(TINY_CONFIG, epochs=30, earlyStoppingPatience=30)
    worker.send({"id": "long", "type": "train", "category": "caption", "base": "caption-tiny", "dataset": text_dataset,
                 "config": cfg, "out_dir": str(tmp_path / "long")})
    worker.send({"id": "queued", "type": "infer", "category": "caption", "base": "caption-tiny",
                 "out_dir": str(tmp_path / "q")})
    # A duplicate id is refused; the job with that id carries on.
    worker.send({"id": "long", "type": "infer", "category": "caption", "base": "caption-tiny", "out_dir": str(tmp_path)})
    dup = worker.next()
    while dup.get("event") != "error":
        dup = worker.next()
    assert dup["id"] == "long" and dup["error"]["details"] == {"duplicate_id": True}
    worker.send({"id": "x1", "type": "cancel", "target": "queued"})
    worker.send({"id": "x2", "type": "cancel", "target": "long"})
    long_evs = worker.until_done("long")
    assert long_evs[-1]["error"]["code"] == "CANCELLED"
    assert worker.until_done("queued")[-1]["error"]["code"] == "CANCELLED"
    worker.send({"id": "s1", "type": "shutdown"})
    assert worker.until_done("s1")[-1]["result"] == {"stopping": True}
    assert worker.proc.wait(timeout=30) == 0


def test_closing_stdin_finishes_queued_work_then_exits(base_dir, tmp_path):
    w = Worker()
    assert w.next()["event"] == "ready"
    for rid in ("a", "b"):
        w.send({"id": rid, "type": "infer", "category": "generate", "base": "generate32-tiny",
                "input": {"steps": 5}, "seed": 1, "out_dir": str(tmp_path / rid)})
    w.proc.stdin.close()
    a, b = w.until_done("a")[-1], w.until_done("b")[-1]
    assert a["ok"] and b["ok"] and a["result"]["output_sha256"] == b["result"]["output_sha256"]
    assert w.proc.wait(timeout=30) == 0
