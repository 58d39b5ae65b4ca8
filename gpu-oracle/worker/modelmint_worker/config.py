"""Training config: presets, defaults and validation (every problem reported at once).

The config object uses the app's camelCase keys because the app shows them to creators and
hashes the same JSON into the on-chain `request_training(config_hash)`.
The web app restates the presets and ranges (app/src/lib/training-config.ts).
"""

from .errors import WorkerError

BATCH_SIZES = (4, 8, 16, 32)
LORA_RANKS = (1, 2, 4, 8, 16, 32)

# A preset supplies defaults; keys given explicitly override them (and are validated).
PRESETS = {
    "beginner": {"learningRate": 0.001, "epochs": 20, "batchSize": 8, "validationSplit": 0.2,
                 "earlyStoppingPatience": 3, "loraRank": 4},
    "standard": {"learningRate": 0.001, "epochs": 50, "batchSize": 8, "validationSplit": 0.2,
                 "earlyStoppingPatience": 5, "loraRank": 8},
    "expert": {"learningRate": 0.0005, "epochs": 100, "batchSize": 16, "validationSplit": 0.15,
               "earlyStoppingPatience": 10, "loraRank": 16},
}
DEFAULT_PRESET = "standard"
KEYS = ("preset", "learningRate", "epochs", "batchSize", "validationSplit", "earlyStoppingPatience",
        "loraRank", "loraAlpha")


def _num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _int(v):
    return isinstance(v, int) and not isinstance(v, bool) or (isinstance(v, float) and v.is_integer())


def resolve(raw):
    """Return the full config dict, or raise CONFIG_INVALID listing every problem."""
    raw = {} if raw is None else raw
    if not isinstance(raw, dict):
        raise WorkerError("CONFIG_INVALID", "config must be a JSON object",
                          {"problems": [{"field": None, "message": "not an object"}]})
    problems = []

    def bad(field, message):
        problems.append({"field": field, "message": message})

    for k in raw:
        if k not in KEYS:
            bad(k, f"unknown key (allowed: {', '.join(KEYS)})")
    preset = raw.get("preset", DEFAULT_PRESET)
    if not isinstance(preset, str) or preset.lower() not in PRESETS:
        bad("preset", f"must be one of Beginner, Standard, Expert; got {preset!r}")
        preset = DEFAULT_PRESET
    cfg = dict(PRESETS[preset.lower()], preset=preset.lower())
    cfg.update({k: v for k, v in raw.items() if k in KEYS and k != "preset"})

    lr = cfg["learningRate"]
    if not _num(lr) or not (0 < lr <= 1):
        bad("learningRate", f"must be a number in (0, 1]; got {lr!r}")
    if not _int(cfg["epochs"]) or not (1 <= cfg["epochs"] <= 1000):
        bad("epochs", f"must be an integer in [1, 1000]; got {cfg['epochs']!r}")
    if cfg["batchSize"] not in BATCH_SIZES or isinstance(cfg["batchSize"], bool):
        bad("batchSize", f"must be one of {list(BATCH_SIZES)}; got {cfg['batchSize']!r}")
    vs = cfg["validationSplit"]
    if not _num(vs) or not (0.1 <= vs <= 0.3):
        bad("validationSplit", f"must be a number in [0.1, 0.3]; got {vs!r}")
    pat = cfg["earlyStoppingPatience"]
    if not _int(pat) or not (1 <= pat <= 1000):
        bad("earlyStoppingPatience", f"must be an integer in [1, 1000]; got {pat!r}")
    if cfg["loraRank"] not in LORA_RANKS or isinstance(cfg["loraRank"], bool):
        bad("loraRank", f"must be one of {list(LORA_RANKS)}; got {cfg['loraRank']!r}")
    alpha = cfg.get("loraAlpha", cfg["loraRank"])
    if not _num(alpha) or not (0 < alpha <= 1024):
        bad("loraAlpha", f"must be a number in (0, 1024]; got {alpha!r}")
    cfg["loraAlpha"] = alpha

    if problems:
        msg = "invalid training config: " + "; ".join(f"{p['field']}: {p['message']}" for p in problems)
        raise WorkerError("CONFIG_INVALID", msg, {"problems": problems})
    cfg["epochs"] = int(cfg["epochs"])
    cfg["earlyStoppingPatience"] = int(cfg["earlyStoppingPatience"])
    cfg["learningRate"] = float(lr)
    cfg["validationSplit"] = float(vs)
    cfg["loraAlpha"] = float(alpha)
    return cfg
