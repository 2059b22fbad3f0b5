"""Summaries of timings, shared by run.py (which imports no Django) and measure.py."""

import statistics


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(seconds):
    """p50 and p95 in milliseconds, and the number of timings."""
    return {
        "p50_ms": round(statistics.median(seconds) * 1000, 2),
        "p95_ms": round(percentile(seconds, 0.95) * 1000, 2),
        "n": len(seconds),
    }
