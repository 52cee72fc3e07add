"""Drafts in: files read as Posts (:mod:`voicelint.documents` is the entry point)."""
