"""Byte-deterministic safetensors writer (reading uses the `safetensors` library).

Why our own writer: the `safetensors` library serialises `__metadata__` from a hash map,
so the same tensors and metadata give different file bytes from run to run (checked with
safetensors 0.8). The adapter's sha256 is the model version's on-chain weights hash, so
the bytes must depend only on the tensors and metadata. This writer follows the format
(8-byte little-endian header length, JSON header, raw little-endian data), with sorted
keys, compact JSON, tensors in name order and the header padded with spaces to 8 bytes.
"""

import hashlib
import json
import os

import torch
from safetensors import safe_open

_DTYPES = {torch.float32: ("F32", "<f4"), torch.float16: ("F16", "<f2"), torch.int64: ("I64", "<i8"),
           torch.int8: ("I8", "i1"), torch.uint8: ("U8", "u1")}


def to_bytes(tensors, metadata=None):
    header = {}
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    blobs, offset = [], 0
    for name in sorted(tensors):
        t = tensors[name].detach().to("cpu").contiguous()
        if t.dtype not in _DTYPES:
            raise TypeError(f"unsupported dtype {t.dtype} for {name}")
        tag, np_dtype = _DTYPES[t.dtype]
        data = t.numpy().astype(np_dtype, copy=False).tobytes()
        header[name] = {"dtype": tag, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    head = json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")
    head += b" " * (-len(head) % 8)
    return len(head).to_bytes(8, "little") + head + b"".join(blobs)


def save(path, tensors, metadata=None):
    """Write atomically (tmp + rename) and return the sha256 hex of the file bytes."""
    data = to_bytes(tensors, metadata)
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)
    return hashlib.sha256(data).hexdigest()


def load(path):
    """Return (tensors, metadata) from a safetensors file on the CPU."""
    tensors = {}
    with safe_open(path, framework="pt", device="cpu") as f:
        metadata = f.metadata() or {}
        for k in f.keys():
            tensors[k] = f.get_tensor(k)
    return tensors, metadata


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()



def checked_sha256(path, expected, what):
    """sha256 of the file at `path`; WEIGHTS_INVALID when unreadable, WEIGHTS_HASH_MISMATCH
    when `expected` (hex, any case) is given and differs."""
    from .errors import WorkerError

    try:
        sha = sha256_file(path)
    except OSError as e:
        raise WorkerError("WEIGHTS_INVALID", f"cannot read {what} {path}: {e}")
    if expected and sha != expected.lower():
        raise WorkerError("WEIGHTS_HASH_MISMATCH", f"{what} sha256 {sha} != expected {expected}",
                          {"actual": sha, "expected": expected})
    return sha
