"""Every write of the library, one module per concern (see docs/architecture.md)."""
