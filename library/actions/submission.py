"""Library actions: submission."""
