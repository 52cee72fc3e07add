"""Where a post stands against the declared strategy (VL4xx): space, calibration, traits, proposals."""
