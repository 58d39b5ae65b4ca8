"""modelmint GPU-oracle ML worker: LoRA fine-tuning and deterministic inference.

Run `python -m modelmint_worker` for the JSON-lines server (see PROTOCOL.md).
"""

__version__ = "0.1.0"
# Bumped on any incompatible change to the wire protocol in PROTOCOL.md.
PROTOCOL_VERSION = 1
