"""Plain functions that change content and own the commit; used by views, the CLI and the importer."""
