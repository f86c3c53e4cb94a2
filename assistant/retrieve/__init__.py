"""Stage 4: the evidence that answers a planned question (gather), from the hybrid retriever (retriever)."""
