"""Facet vectors: each facet value's presence as a counter in a few integer lanes.

A document's FacetVector has LANES integer columns; the value in slot ``s`` owns bits
``21 * (s % 3)`` to ``21 * (s % 3) + 20`` of lane ``s // 3``, set to 1 when the document
carries it. Adding up the lanes of the hits counts three values per addition, in one
pass, without a join or a sort per (document, value) row. A field holds up to
FIELD_LIMIT - 1 documents: a sum over as many hits could carry into the next field, so the
engine counts such groups from the (facet, document) rows instead (search.query).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Max

from .models import LANES, FacetValue

FIELD_BITS = 21
FIELDS_PER_LANE = 3
FIELD_LIMIT = 1 << FIELD_BITS
SLOTS = LANES * FIELDS_PER_LANE


def lane_column(lane: int) -> str:
    """The column of a lane in search_facetvector."""
    return f"lane{lane}"


def place(slot: int) -> tuple[int, int]:
    """The lane of a slot and the bit its field starts at."""
    return slot // FIELDS_PER_LANE, FIELD_BITS * (slot % FIELDS_PER_LANE)


def pack(slots: Iterable[int]) -> list[int]:
    """A document's lanes (LANES integers) with the field of each of its slots at 1."""
    lanes = [0] * LANES
    for slot in set(slots):
        lane, shift = place(slot)
        lanes[lane] |= 1 << shift
    return lanes


def masks(slots: Iterable[int]) -> dict[int, int]:
    """Lane → mask of these slots' fields' lowest bits: ``lane & mask <> 0`` means one is there."""
    result: dict[int, int] = {}
    for slot in slots:
        lane, shift = place(slot)
        result[lane] = result.get(lane, 0) | (1 << shift)
    return result


def unpack(slot: int, lane_sums: dict[int, int]) -> int:
    """The count of one slot read from the sums of its lane (missing or NULL sums count 0)."""
    lane, shift = place(slot)
    return (int(lane_sums.get(lane) or 0) >> shift) & (FIELD_LIMIT - 1)


def number_values(values: set[str]) -> dict[str, tuple[int, int | None]]:
    """Each value's (number, slot), creating the new ones with the next free slots.

    A value gets its slot when it is created, before any document carries it, so that
    every vector that should have its field has it. When the slots are all taken, or a
    concurrent writer took the same slot, the value has none and is counted from rows.
    """
    known = {
        v: (pk, slot)
        for v, pk, slot in FacetValue.objects.filter(value__in=values).values_list("value", "pk", "slot")
    }
    for value in sorted(values - set(known)):
        highest = FacetValue.objects.aggregate(highest=Max("slot"))["highest"]
        slot = 0 if highest is None else highest + 1
        try:
            with transaction.atomic():
                created = FacetValue.objects.create(value=value, slot=slot if slot < SLOTS else None)
        except IntegrityError:
            # Another writer created this value or took this slot meanwhile.
            with transaction.atomic():
                created, _new = FacetValue.objects.get_or_create(value=value, defaults={"slot": None})
        known[value] = (created.pk, created.slot)
    return known
