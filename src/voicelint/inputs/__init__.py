"""Drafts in: files read as Posts (:mod:`voicelint.inputs.documents` is the entry point)."""
