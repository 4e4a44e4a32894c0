"""The performance benchmark (not part of the test suite): `python -m benchmarks.run`."""
