"""Rules on the network's data that hold whoever writes it (forms, API, imports)."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import long_date

# The network's memberships start with the first partnerships; an earlier date is a typo.
EARLIEST_JOIN_DATE = datetime.date(2000, 1, 1)


def validate_join_date(value: datetime.date) -> None:
    """A join date is neither in the future nor before the network existed."""
    today = timezone.localdate()
    if value > today:
        raise ValidationError(
            _("La date d'adhésion ne peut pas être dans le futur (nous sommes le %(today)s).")
            % {"today": long_date(today)},
            code="future",
        )
    if value < EARLIEST_JOIN_DATE:
        raise ValidationError(
            _("La date d'adhésion ne peut pas être antérieure au 1er janvier 2000."), code="too_early"
        )
