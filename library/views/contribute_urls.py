"""URLs of the library: contribute."""

urlpatterns: list = []
