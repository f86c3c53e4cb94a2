"""Stage 5: the answer chain (chain) over the offline engine (compose and one handler per intent in handlers/)
or an LLM backend (llms)."""
