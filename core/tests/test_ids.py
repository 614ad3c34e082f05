"""Numbers no row can have are refused as unknown choices, before any query."""

from __future__ import annotations

import pytest

from core.ids import MAX_ID, IdMultipleChoiceField, is_database_id
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
