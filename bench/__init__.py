"""Benchmarks for newsannot: `make bench` (full) and `make bench-quick` (CI-sized)."""
