"""Stage 5: the answer chain (chain) over the offline engine (compose) or an LLM backend (llms)."""
