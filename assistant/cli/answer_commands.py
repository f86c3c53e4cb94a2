"""`assistant ask` and `assistant chat` (filled in by the answer stage)."""
