"""The learned brand voice (VL210): features, the linear and one-class models, serialisation."""
