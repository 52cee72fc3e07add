"""``voicelint report``: one self-contained HTML page about a set of drafts."""
