"""Check types (code). Rules (data, in ``rules/``) say which type they extend."""
