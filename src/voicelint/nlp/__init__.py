"""Heavy NLP back ends (spaCy pipelines, sentence embeddings), each imported lazily."""
