"""`assistant serve` (filled in by the serve stage)."""
