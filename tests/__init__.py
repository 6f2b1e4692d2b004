"""portal-tui tests."""
