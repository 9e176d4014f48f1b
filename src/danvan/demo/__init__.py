"""Deterministic demo and benchmark data (``danvan demo``, ``danvan bench generate``)."""
