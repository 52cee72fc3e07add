"""voicelint inside other tools: the GitHub Action and ``voicelint init``."""
