"""Demo content: the five source documents and illustrative methods, loaded by `flask kb seed`."""
