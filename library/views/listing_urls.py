"""URLs of the library: listing."""

urlpatterns: list = []
