"""Library actions: appropriation."""
