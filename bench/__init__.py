"""Benchmarks: synthetic comparison pages at scale; figures printed, never asserted."""
