"""URLs of the library: reuse."""

urlpatterns: list = []
