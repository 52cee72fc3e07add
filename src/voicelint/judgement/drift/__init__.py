"""Personas of sets of posts and the drift test (VL5xx): traits, kernels, permutation test, verdicts."""
