"""Widgets of the editor screen: setting rows and the tab bar."""
