"""Numbers no row can have are refused as unknown choices, before any query."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict

from core.ids import (
    MAX_ID,
    IdChoiceField,
    IdConverter,
    IdMultipleChoiceField,
    IdMultipleChoiceFilter,
    id_formfield,
    is_database_id,
    parse_id,
)
from partners.models import Organisation


def test_only_positive_64_bit_numbers_can_name_a_row():
    assert is_database_id(1) and is_database_id(MAX_ID)
    assert not any(is_database_id(n) for n in (0, -30, MAX_ID + 1, 10**23, -(10**23)))


@pytest.mark.parametrize("number", ["98197734554914000000000", "-1752316475598187266048", "0"])
def test_a_number_no_row_can_have_is_an_unknown_choice(db, network, number, django_assert_num_queries):
    field = IdMultipleChoiceField(queryset=Organisation.objects.all())
    with django_assert_num_queries(0), pytest.raises(Exception) as refused:
        field.clean([str(network.cpe.pk), number])
    assert refused.value.code == "invalid_choice"


def test_real_choices_still_pass(db, network):
    field = IdMultipleChoiceField(queryset=Organisation.objects.all())
    assert list(field.clean([str(network.cpe.pk)])) == [network.cpe]


@pytest.mark.parametrize("text", ["9223372036854775808", "99999999999999999999999", "0", "000"])
def test_an_address_with_a_number_no_row_can_have_matches_no_route(text):
    with pytest.raises(ValueError):
        IdConverter().to_python(text)


def test_an_address_keeps_its_real_numbers():
    converter = IdConverter()
    assert converter.to_python(str(MAX_ID)) == MAX_ID
    assert converter.to_python("0042") == 42
    assert converter.to_url(42) == "42"


def test_every_route_named_id_uses_the_converter():
    from django.urls import resolve

    match = resolve("/bibliotheque/elements/42/utile/")
    assert match.kwargs == {"pk": 42}


@pytest.mark.parametrize(
    ("text", "expected"),
    [("42", 42), (" 42 ", 42), (str(MAX_ID), MAX_ID), (str(MAX_ID + 1), None), ("0", None), ("-3", None)]
    + [("²", None), ("٤٢", None), ("4.2", None), ("", None), ("abc", None)],
)
def test_parse_id(text, expected):
    assert parse_id(text) == expected


@pytest.mark.parametrize("number", ["9223372036854775808", "-1", "0"])
def test_a_single_choice_of_a_number_no_row_can_have_is_unknown(
    db, network, number, django_assert_num_queries
):
    field = IdChoiceField(queryset=Organisation.objects.all())
    with django_assert_num_queries(0), pytest.raises(ValidationError) as refused:
        field.clean(number)
    assert refused.value.code == "invalid_choice"
    assert field.clean(str(network.cpe.pk)) == network.cpe


def test_a_page_choice_beyond_the_range_is_unknown_not_a_server_error(db, library):
    """A page's key is a relation, which Django does not guard: without the cap, OverflowError."""
    from library.models import LibraryItem

    field = IdChoiceField(queryset=LibraryItem.objects.all())
    with pytest.raises(ValidationError):
        field.clean("9223372036854775808")
    assert field.clean(str(library.learning.pk)).pk == library.learning.pk


def test_a_filter_of_numbers_no_row_can_have_is_invalid(db, network):
    import django_filters

    from partners.models import Membership

    class MembershipFilter(django_filters.FilterSet):
        organisation = IdMultipleChoiceFilter(queryset=Organisation.objects.all())

        class Meta:
            model = Membership
            fields = ["organisation"]

    refused = MembershipFilter(QueryDict("organisation=9223372036854775808"), Membership.objects.all())
    assert not refused.is_valid()
    assert "organisation" in refused.errors
    accepted = MembershipFilter(QueryDict(f"organisation={network.cpe.pk}"), Membership.objects.all())
    assert accepted.is_valid()


def test_a_model_form_relation_field_is_capped():
    from django import forms

    from plans.models import Action

    class Form(forms.ModelForm):
        class Meta:
            model = Action
            fields = ("action_type", "age_periods")
            formfield_callback = id_formfield

    assert isinstance(Form.base_fields["action_type"], IdChoiceField)
    assert isinstance(Form.base_fields["age_periods"], IdMultipleChoiceField)
