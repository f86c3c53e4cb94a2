"""Stages 1-2: guide files become typed guides (parse, tables, validate) and then chunks (chunk)."""
