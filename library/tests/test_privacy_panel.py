"""The person's data page (accounts) tells where the library's e-mail digest is chosen."""

from django.urls import reverse


def test_the_personal_data_page_links_to_the_digest_preference(client, network):
    client.force_login(network.member)
    page = client.get(reverse("accounts:personal_data")).content.decode()
    assert f'href="{reverse("library:digest_preference")}"' in page
