"""The learned judgements: the brand voice, the strategy, drift between sets of posts, and what profile learn learns."""
