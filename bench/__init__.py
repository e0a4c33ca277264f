"""Benchmarks and the synthetic benchmark content they (and `flask kb generate`) fill a database with."""
