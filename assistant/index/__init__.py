"""Stage 3: parsed guides go into the index: the SQLite catalog, Chroma vectors and BM25 (build)."""
