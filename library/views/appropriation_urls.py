"""URLs of the library: appropriation."""

urlpatterns: list = []
