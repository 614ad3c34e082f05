"""Views of the portraits app."""
