"""What a run gives back: formatters, the HTML report, fixes written into drafts, progress and streams."""
