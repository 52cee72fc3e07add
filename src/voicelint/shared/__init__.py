"""Pieces every layer uses: errors, file writing, message wording, numbers, text patterns, language guess."""
