"""Measurement: evaluation on case files and the latency benchmark."""
