"""Lossless export and import of the whole catalogue: `flask kb export DIR` and `flask kb import DIR`."""
