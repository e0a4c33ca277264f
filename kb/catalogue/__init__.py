"""Read-side queries for public pages: published content only, each page in a fixed number of queries.

Views call these functions and never build queries themselves; later the JSON API uses them too.
"""
