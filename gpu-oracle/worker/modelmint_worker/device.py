"""Device choice, CPU threads and seeding: one place so training, inference and
pretraining make the same choices."""

import os
import random

import numpy as np
import torch

from .errors import WorkerError


def configure_threads():
    # Only on request: on the shared 2-core machines 2 intra-op threads trained the tiny
    # models 2-3x *slower* than torch's default of 1 (small ops, contention; see README).
    n = int(os.environ.get("MODELMINT_THREADS", "0") or 0)
    if n > 0:
        torch.set_num_threads(n)


def pick(pref="auto"):
    """'auto' = cuda when available, else cpu. 'cpu' is the reference for verification."""
    if pref in (None, "auto"):
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if pref == "cpu":
        return torch.device("cpu")
    if pref == "cuda":
        if not torch.cuda.is_available():
            raise WorkerError("BAD_REQUEST", "device 'cuda' requested but CUDA is not available")
        return torch.device("cuda")
    raise WorkerError("BAD_REQUEST", f"device must be auto, cpu or cuda, got {pref!r}")


def seed_all(seed):
    random.seed(seed)
    np.random.seed(seed % (2**32))
    torch.manual_seed(seed)
    if torch.cuda.is_available():
        torch.cuda.manual_seed_all(seed)
        # Deterministic kernels where cuDNN offers them (cost is small at these sizes).
        torch.backends.cudnn.deterministic = True
        torch.backends.cudnn.benchmark = False


def cpu_generator(seed):
    """Random numbers for results are always drawn on the CPU, so the noise for a seed is
    the same whatever device then runs the model."""
    return torch.Generator(device="cpu").manual_seed(int(seed))


def is_oom(exc):
    return isinstance(exc, MemoryError) or (isinstance(exc, RuntimeError) and "out of memory" in str(exc).lower())
