"""Library actions: reuse."""
