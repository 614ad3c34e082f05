from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count

from accounts.roles import is_administrator, is_knowledge_editor
from demo import partners as demo
from partners.actions import organisation_search_text, partnership_search_text
from partners.models import Affiliation, MemberRole, Membership, Organisation, Partnership, Scale
from partners.permissions import can_edit_partnership, is_member_of
from taxonomy.models import Sector
from territories.models import Region

pytestmark = pytest.mark.django_db

User = get_user_model()


def seed(scale=0.02, seed=1, **options):
    out = StringIO()
    call_command("seed_demo", scale=scale, seed=seed, verbosity=0, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def snapshot():
    """What a visitor would see of the network, independent of database ids."""
    return {
        "organisations": sorted(
            Organisation.objects.values_list("name", "sector__code", "scale", "municipality", "address")
        ),
        "regions": sorted(
            Organisation.regions.through.objects.values_list("organisation__name", "region__code")
        ),
        "partnerships": sorted(
            Partnership.objects.values_list("name", "kind", "region__code", "territory_name", "children_0_5")
        ),
        "memberships": sorted(
            Membership.objects.values_list("partnership__name", "organisation__name", "role", "joined_on")
        ),
        "people": sorted(User.objects.values_list("email", "first_name", "last_name")),
        "coordinators": sorted(
            Partnership.coordinators.through.objects.values_list("partnership__name", "user__email")
        ),
    }


def test_same_scale_and_seed_give_the_same_network():
    seed(0.02, 1)
    first = snapshot()
    seed(0.02, 1, flush=True)
    assert snapshot() == first
    seed(0.02, 2, flush=True)
    other = snapshot()
    assert other["organisations"] != first["organisations"]
    assert other["memberships"] != first["memberships"]


def test_every_partnership_has_8_to_40_members_and_one_trustee():
    seed(0.05, 3)
    partnerships = Partnership.objects.annotate(n=Count("memberships"))
    assert partnerships.count() == 8
    for partnership in partnerships:
        assert demo.MIN_MEMBERS <= partnership.n <= demo.MAX_MEMBERS, partnership.name
        assert partnership.memberships.filter(role=MemberRole.TRUSTEE).count() == 1
        assert partnership.description
        assert partnership.children_0_5 and partnership.children_0_5 >= 800


def test_small_scale_still_covers_every_region_and_sector():
    seed(0.02)
    assert Organisation.objects.count() == 62
    assert set(Region.objects.filter(organisations__isnull=False).values_list("code", flat=True)) == set(
        Region.objects.values_list("code", flat=True)
    )
    assert Sector.objects.filter(organisations__isnull=False).distinct().count() == Sector.objects.count()


def test_national_organisations_belong_to_several_regions():
    seed(0.1)
    national = Organisation.objects.filter(scale=Scale.NATIONAL).annotate(n=Count("regions"))
    assert national.exists()
    assert all(organisation.n >= 2 for organisation in national)
    assert (
        not Organisation.objects.filter(scale=Scale.LOCAL).annotate(n=Count("regions")).exclude(n=1).exists()
    )


def test_search_text_is_filled_like_the_actions_do():
    seed(0.02)
    for organisation in Organisation.objects.all():
        assert organisation.search_text == organisation_search_text(organisation) != ""
    for partnership in Partnership.objects.all():
        assert partnership.search_text == partnership_search_text(partnership) != ""
    some = Organisation.objects.order_by("id").first()
    assert some in Organisation.objects.search(some.name.upper())


def test_demo_rows_pass_the_models_validation():
    seed(0.02, 4)
    for model in (Organisation, Partnership, Membership, Affiliation):
        for row in model.objects.all():
            row.full_clean()
    dates = Membership.objects.values_list("joined_on", flat=True)
    assert min(dates).year >= demo.FIRST_YEAR
    assert max(dates) <= demo.REFERENCE_DATE


def test_contact_details_use_reserved_domains():
    seed(0.02)
    for organisation in Organisation.objects.all():
        assert organisation.website.startswith("https://") and organisation.website.endswith(".example")
        assert organisation.email.endswith(".example")
    assert not User.objects.exclude(email__endswith="@agirtot.example").exists()


def test_if_empty_keeps_existing_data():
    seed(0.02, 1)
    before = snapshot()
    output = seed(0.02, 2, if_empty=True)
    assert "conservées" in output
    assert snapshot() == before


def test_refuses_to_seed_over_existing_data_without_flush():
    seed(0.02, 1)
    before = snapshot()
    with pytest.raises(CommandError, match="--flush"):
        seed(0.02, 2)
    assert snapshot() == before


def test_flush_keeps_people_outside_the_demo_domain(make_user):
    real = make_user("vraie.personne@cpe-des-lucioles.example")
    seed(0.02, 1)
    seed(0.02, 1, flush=True)
    assert User.objects.filter(pk=real.pk).exists()
    assert User.objects.filter(email__endswith="@agirtot.example").count() == len(
        demo.plan_network(0.02, 1).people
    )


def test_a_failed_seed_writes_nothing(monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Affiliation.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        seed(0.02)
    assert not Organisation.objects.exists()
    assert not Partnership.objects.exists()
    assert not User.objects.exists()


def test_refuses_a_scale_too_small():
    with pytest.raises(CommandError, match="échelle"):
        seed(0.001)


def test_demo_people_coordinate_and_belong_to_organisations():
    seed(0.05, 1)
    people = User.objects.filter(email__endswith="@agirtot.example")
    organisations = Organisation.objects.count()
    assert abs(people.count() - (organisations / 3 + Partnership.objects.count() * 1.2)) < organisations / 6
    assert all(user.username == user.email for user in people)
    assert people.first().check_password(demo.DEFAULT_DEMO_PASSWORD)
    # One precomputed hash for everybody.
    assert people.values("password").distinct().count() == 1
    for partnership in Partnership.objects.annotate(n=Count("coordinators")):
        assert 1 <= partnership.n <= 2
    assert Affiliation.objects.count() == people.count()
    coordinator = User.objects.filter(coordinated_partnerships__isnull=False).first()
    partnership = coordinator.coordinated_partnerships.get()
    assert can_edit_partnership(coordinator, partnership)
    assert partnership.organisations.filter(affiliations__user=coordinator).exists()


def test_full_scale_network():
    output = seed(1, 1)
    assert "3\u00a0100 partenaires" in output
    assert Organisation.objects.active().count() >= 3000
    assert Region.objects.filter(organisations__isnull=False).distinct().count() == 17
    assert Sector.objects.filter(organisations__isnull=False).distinct().count() == 10
    partnerships = Partnership.objects.annotate(n=Count("memberships"))
    assert partnerships.count() >= 140
    assert partnerships.filter(n__lt=demo.MIN_MEMBERS).count() == 0
    assert partnerships.filter(n__gt=demo.MAX_MEMBERS).count() == 0
    by_region = dict(Organisation.objects.values_list("regions__code").annotate(n=Count("pk")))
    assert by_region["06"] > by_region["16"] > by_region["03"] > by_region["10"] > 0
    assert max(by_region, key=by_region.get) == "06"
    assert min(by_region, key=by_region.get) == "10"
    assert 1000 <= User.objects.count() <= 1400


def demo_accounts(**options):
    out = StringIO()
    call_command("ensure_demo_accounts", stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def test_demo_accounts_are_refused_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        demo_accounts()
    assert not User.objects.exists()


def test_demo_accounts_one_per_role_and_idempotent(settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_PASSWORD", "mot-de-passe-demo-42")
    monkeypatch.setenv("PORT", "8123")
    seed(0.02)
    users_before = User.objects.count()
    output = demo_accounts()
    assert "admin@agirtot.example" in output
    assert "mot-de-passe-demo-42" in output
    assert "http://127.0.0.1:8123/" in output
    demo_accounts()
    assert User.objects.count() == users_before + 4

    admin = User.objects.get(email="admin@agirtot.example")
    editor = User.objects.get(email="editrice@agirtot.example")
    coordinator = User.objects.get(email="coordination@agirtot.example")
    member = User.objects.get(email="membre@agirtot.example")
    assert is_administrator(admin) and admin.is_staff
    assert is_knowledge_editor(editor) and not is_administrator(editor)
    first = Partnership.objects.order_by("name", "id").first()
    assert list(coordinator.coordinated_partnerships.all()) == [first]
    assert can_edit_partnership(coordinator, first)
    assert not is_administrator(coordinator)
    affiliation = Affiliation.objects.get(user=member)
    assert first.organisations.filter(pk=affiliation.organisation_id).exists()
    assert is_member_of(member, affiliation.organisation)
    assert not member.coordinated_partnerships.exists()
    for user in (admin, editor, coordinator, member):
        assert user.check_password("mot-de-passe-demo-42")


def test_demo_accounts_without_network_only_create_staff_roles():
    demo_accounts(force=True)
    assert set(User.objects.values_list("email", flat=True)) == {
        "admin@agirtot.example",
        "editrice@agirtot.example",
    }
