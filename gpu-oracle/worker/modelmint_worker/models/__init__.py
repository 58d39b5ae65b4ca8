"""Base model architectures defined in this repo (no downloaded weights)."""
