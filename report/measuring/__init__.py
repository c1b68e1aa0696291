"""The benchmark: timings side by side, scale runs, synthetic place tables."""
