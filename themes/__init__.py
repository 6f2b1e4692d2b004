"""The themes shipped with portal-tui: TOML files, installed as the package portal_tui.themes."""
