"""Machine-readable error codes shared by every part of the worker.

Each code has a stable numeric `reason_code` so the orchestrator can pass it to the
on-chain `fail_job(reason_code)` without keeping its own table, and a `retryable` hint
(retrying a bad dataset is pointless; retrying after running out of memory may not be).
Append only: never renumber a code that has shipped.
"""

CODES = {
    # code: (reason_code, retryable)
    "BAD_REQUEST": (1, False),  # malformed JSON line, unknown type, missing/ill-typed field
    "CONFIG_INVALID": (2, False),  # training config out of range / unknown key
    "DATASET_INVALID": (3, False),  # dataset problems (all listed in details.problems)
    "INPUT_INVALID": (4, False),  # inference input unusable (bad image, empty prompt...)
    "BASE_MODEL_MISSING": (5, True),  # base weights not in the cache: run `pretrain`
    "WEIGHTS_INVALID": (6, False),  # adapter unreadable or made for another base
    "WEIGHTS_HASH_MISMATCH": (7, False),  # adapter bytes differ from the expected sha256
    "CANCELLED": (8, True),  # cancelled by a `cancel` request or shutdown
    "OUT_OF_MEMORY": (9, True),  # CPU/GPU allocation failed
    "INTERNAL": (10, True),  # a bug: details in the worker's stderr
}


class WorkerError(Exception):
    """An error that becomes a protocol `error` event with the given code."""

    def __init__(self, code, message, details=None):
        assert code in CODES, code
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details

    def to_json(self):
        reason, retryable = CODES[self.code]
        out = {
            "code": self.code,
            "reason_code": reason,
            "retryable": retryable,
            "message": self.message,
        }
        if self.details is not None:
            out["details"] = self.details
        return out
