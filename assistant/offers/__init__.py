"""Offer letters: read (reader.py, from files.py's text) into a typed `Offer` (model.py), checked against the
guides' bands and added up year by year (assess.py, years.py), two side by side (compare.py), and answered with
a counter e-mail from a versioned template (email.py). docs/offers.md has the rules."""
