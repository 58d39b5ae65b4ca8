"""Pretraining data generated procedurally (nothing downloaded)."""
