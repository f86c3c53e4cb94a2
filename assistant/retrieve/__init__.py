"""Stage 4: what a question means (understand) and the evidence that answers it (retriever, gather)."""
