"""URLs of the library: valorisation."""

urlpatterns: list = []
