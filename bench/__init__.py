"""Benchmarks run by `make bench` (design.md, section Performance)."""
