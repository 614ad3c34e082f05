"""The page number asked for in ``?page=``: one set of French errors for every list."""

import pytest
from django.core.paginator import Paginator

from core.http import InvalidRequest, NotFound
from core.listing import PageListing, page_number, page_of


def test_a_page_of_the_list():
    page = page_of(Paginator(range(25), 10), "3")
    assert list(page.object_list) == [20, 21, 22, 23, 24]
    assert PageListing(page).query_without_page == ""


def test_an_empty_list_has_its_first_page():
    assert list(page_of(Paginator([], 10), 1).object_list) == []


def test_a_page_number_that_is_not_a_number_is_a_french_400():
    with pytest.raises(InvalidRequest, match="Le numéro de page « deux » n'est pas un nombre."):
        page_of(Paginator(range(5), 10), "deux")
    with pytest.raises(InvalidRequest, match="Le numéro de page « 2,5 » n'est pas un nombre."):
        page_number("2,5")


def test_a_page_beyond_the_list_is_a_french_404_that_gives_the_count():
    with pytest.raises(NotFound, match=r"La page 4 n'existe pas : cette liste compte 3 page\(s\)."):
        page_of(Paginator(range(25), 10), "4")
    with pytest.raises(NotFound, match="La page 0 n'existe pas"):
        page_of(Paginator(range(25), 10), "0")


def test_a_page_number_alone():
    assert page_number("") == 1
    assert page_number("7") == 7
    with pytest.raises(NotFound, match="La page -1 n'existe pas."):
        page_number("-1")
