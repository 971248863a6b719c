"""Benchmarks: commands that print figures and exit 1 when a floor fails (dev tools, not the app)."""
