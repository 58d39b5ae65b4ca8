"""JSON-lines server on stdin/stdout (the protocol is specified in ../PROTOCOL.md).

One reader thread parses requests and answers control requests (ping, cancel, shutdown)
at once; work requests (validate, train, infer, optimize, pretrain) queue FIFO for one executor
thread, because one process owns one accelerator and jobs would only slow each other.
Torch and cached base models stay loaded between requests.
"""

import json
import math
import os
import queue
import sys
import threading
import time
import traceback

import torch

from . import PROTOCOL_VERSION, __version__, bases, dataset, device as devmod, finetune, infer, optimize, pretrain
from .errors import WorkerError

WORK_TYPES = ("validate", "train", "infer", "optimize", "pretrain")
REQUIRED = {
    "validate": ("category", "dataset"),
    "train": ("category", "base", "dataset", "out_dir"),
    "infer": ("category", "out_dir"),  # and base, unless weights (checked by infer)
    "optimize": ("category", "dataset", "out_dir", "method"),
    "pretrain": ("base",),
}
MAX_LINE = 1 << 20  # a request is small JSON; anything bigger is a mistake


def _finite(v):
    """NaN/Infinity are not JSON: a diverged loss is sent as null."""
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    if isinstance(v, dict):
        return {k: _finite(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_finite(x) for x in v]
    return v


def log(*args):
    print("[worker]", *args, file=sys.stderr, flush=True)


class Server:
    def __init__(self, out):
        self.out = out
        self.out_lock = threading.Lock()
        self.queue = queue.Queue()
        self.jobs = {}  # id -> {"cancelled": Event} for queued and running work
        self.jobs_lock = threading.Lock()
        self.stopping = False

    def send(self, obj):
        line = json.dumps(_finite(obj), separators=(",", ":"), allow_nan=False)
        with self.out_lock:
            self.out.write(line + "\n")
            self.out.flush()

    def error(self, rid, err):
        self.send({"id": rid, "event": "error", "ok": False, "error": err.to_json()})

    # ---- reader side -------------------------------------------------------------
    def handle_line(self, line):
        rid = None
        try:
            if len(line) > MAX_LINE:
                raise WorkerError("BAD_REQUEST", f"request line longer than {MAX_LINE} bytes")
            try:
                req = json.loads(line)
            except ValueError as e:
                raise WorkerError("BAD_REQUEST", f"malformed JSON: {e}")
            if not isinstance(req, dict):
                raise WorkerError("BAD_REQUEST", "a request must be a JSON object")
            rid = req.get("id")
            if not isinstance(rid, str) or not rid or len(rid) > 200:
                rid = rid if isinstance(rid, (str, int)) and not isinstance(rid, bool) else None
                raise WorkerError("BAD_REQUEST", "id must be a non-empty string of at most 200 characters")
            self.dispatch(rid, req)
        except WorkerError as e:
            self.error(rid, e)

    def dispatch(self, rid, req):
        kind = req.get("type")
        if kind == "ping":
            self.send({"id": rid, "event": "result", "ok": True, "result": {"pong": True, "queued": self.queue.qsize()}})
        elif kind == "cancel":
            target = req.get("target")
            with self.jobs_lock:
                job = self.jobs.get(target)
            if job:
                job["cancelled"].set()
            self.send({"id": rid, "event": "result", "ok": True, "result": {"target": target, "cancelled": bool(job)}})
        elif kind == "shutdown":
            self.stopping = True
            with self.jobs_lock:
                for jid, job in self.jobs.items():
                    if not job["running"]:
                        job["cancelled"].set()
            self.send({"id": rid, "event": "result", "ok": True, "result": {"stopping": True}})
            self.queue.put(None)
        elif kind in WORK_TYPES:
            missing = [k for k in REQUIRED[kind] if not isinstance(req.get(k), str) or not req.get(k)]
            if missing:
                raise WorkerError("BAD_REQUEST", f"{kind} needs string field(s): {', '.join(missing)}")
            if self.stopping:
                raise WorkerError("CANCELLED", "worker is shutting down")
            with self.jobs_lock:
                if rid in self.jobs:
                    # Answered under the same id: details.duplicate_id tells the orchestrator
                    # that the original job is unaffected.
                    raise WorkerError("BAD_REQUEST", f"id {rid!r} is already queued or running", {"duplicate_id": True})
                self.jobs[rid] = {"cancelled": threading.Event(), "running": False}
                position = sum(1 for j in self.jobs.values() if not j["running"]) - 1
            self.send({"id": rid, "event": "accepted", "type": kind, "queue_position": position})
            self.queue.put((rid, req))
        else:
            raise WorkerError("BAD_REQUEST", f"unknown type {kind!r}; expected one of ping, cancel, shutdown, "
                              + ", ".join(WORK_TYPES))

    # ---- executor side -----------------------------------------------------------
    def execute(self):
        while True:
            item = self.queue.get()
            if item is None:
                if self.stopping:
                    break
                continue
            rid, req = item
            with self.jobs_lock:
                job = self.jobs[rid]
                job["running"] = True
            try:
                if job["cancelled"].is_set():
                    raise WorkerError("CANCELLED", "cancelled before it started")
                t0 = time.monotonic()
                result = self.run(rid, req, job["cancelled"].is_set)
                log(f"{req['type']} {rid} done in {time.monotonic() - t0:.2f}s")
                self.send({"id": rid, "event": "result", "ok": True, "result": result})
            except WorkerError as e:
                self.error(rid, e)
            except Exception as e:  # never let one job kill the warm process
                if devmod.is_oom(e):
                    err = WorkerError("OUT_OF_MEMORY", str(e))
                    if torch.cuda.is_available():
                        torch.cuda.empty_cache()
                else:
                    log(f"{req.get('type')} {rid} crashed:\n{traceback.format_exc()}")
                    err = WorkerError("INTERNAL", f"{type(e).__name__}: {e}")
                self.error(rid, err)
            finally:
                with self.jobs_lock:
                    self.jobs.pop(rid, None)

    def run(self, rid, req, cancelled):
        kind = req["type"]

        def progress(ev):
            self.send(dict({"id": rid, "event": "progress", "phase": kind}, **ev))

        if kind == "validate":
            _, _, info = dataset.validate(req["category"], req["dataset"])
            return info
        if kind == "train":
            return finetune.handle(req, progress, cancelled)
        if kind == "infer":
            return infer.handle(req, cancelled)
        if kind == "optimize":
            return optimize.handle(req, progress, cancelled)
        if req["base"] not in bases.BASES:
            raise WorkerError("BAD_REQUEST", f"unknown base {req['base']!r}; known: {', '.join(bases.BASES)}")
        path = os.path.join(bases.base_dir(), f"{req['base']}.safetensors")
        if os.path.exists(path) and not req.get("force"):
            from . import st_io

            return {"base": req["base"], "path": path, "sha256": st_io.sha256_file(path), "cached": True}
        return dict(pretrain.pretrain(req["base"], seed=req.get("seed", 0), progress=progress, cancelled=cancelled,
                                      dev=req.get("device", "auto")), cached=False)


def main():
    # The protocol owns the real stdout; anything else that prints (a library, a stray
    # print) goes to stderr instead of corrupting the JSON stream.
    out = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    devmod.configure_threads()
    server = Server(out)
    executor = threading.Thread(target=server.execute, name="executor", daemon=True)
    executor.start()
    server.send({"id": None, "event": "ready", "protocol": PROTOCOL_VERSION, "version": __version__,
                 "torch": torch.__version__, "device": str(devmod.pick("auto")), "pid": os.getpid(),
                 "base_dir": bases.base_dir(), "bases": sorted(bases.BASES)})
    for raw in sys.stdin.buffer:
        line = raw.decode("utf-8", errors="replace").strip()
        if line:
            server.handle_line(line)
        if server.stopping:
            break
    # stdin closed (or shutdown): finish what is queued, then exit.
    server.stopping = True
    server.queue.put(None)
    executor.join()
    return 0
