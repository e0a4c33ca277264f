"""Marshmallow schemas of the API: they validate query arguments, serialise responses and generate the spec."""
