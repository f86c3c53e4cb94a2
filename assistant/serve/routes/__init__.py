"""One router per resource: chat, guides, search, health, admin, and the static pages."""
