"""The EQDEM context of a portrait: Québec's reference rates, a region's entered rates, the
difference between them, and the chart drawn from them."""

import pickle
from decimal import Decimal

import pytest
from django.core.cache import cache

from portraits.eqdem import context
from portraits.models import EqdemDomain, EqdemRate
from portraits.scopes import QUEBEC, partnership_scope, region_scope

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def enter_rate(domain_code, region, year, rate):
    EqdemRate.objects.create(
        domain=EqdemDomain.objects.get(code=domain_code), region=region, year=year, rate=D(rate)
    )


def test_quebec_rates_by_domain_and_year(db):
    eqdem = context(QUEBEC)
    assert eqdem.years == (2012, 2017, 2022)
    assert [row.code for row in eqdem.rows] == [
        "sante-physique",
        "competences-sociales",
        "maturite-affective",
        "developpement-cognitif-langagier",
        "habiletes-communication",
        "au-moins-un-domaine",
    ]
    assert eqdem.row("developpement-cognitif-langagier").quebec == [D("10.0"), D("11.1"), D("12.1")]
    # The communication domain was not published for 2017.
    assert eqdem.row("habiletes-communication").quebec == [D("10.8"), None, D("11.5")]
    assert eqdem.row("au-moins-un-domaine").is_overall
    assert sorted(eqdem.row("developpement-cognitif-langagier").factor_codes) == [
        "habiletes-cognitives",
        "habiletes-langagieres",
    ]
    assert not eqdem.has_region_rates
    assert eqdem.row("sante-physique").region == [None, None, None]
    assert eqdem.row("sante-physique").differences == [None, None, None]
    # The cache keeps it: it must survive pickling.
    assert pickle.loads(pickle.dumps(eqdem)) == eqdem  # noqa: S301  # nosec B301 - our own bytes


def test_a_region_with_entered_rates_and_its_difference_with_quebec(db):
    region = region_scope("06").region
    enter_rate("sante-physique", region, 2022, "12.0")
    enter_rate("sante-physique", region, 2017, "9.9")
    eqdem = context(region_scope("06"))
    assert eqdem.has_region_rates
    assert eqdem.region_name == "Montréal"
    row = eqdem.row("sante-physique")
    assert row.region == [None, D("9.9"), D("12.0")]
    assert row.differences == [None, D("-0.7"), D("1.7")]
    assert eqdem.row("competences-sociales").region == [None, None, None]
    # Another region's portrait shows Québec's rates only.
    assert not context(region_scope("03")).has_region_rates


def test_a_partnership_uses_its_region(network):
    enter_rate("maturite-affective", network.regions["01"], 2022, "13.4")
    eqdem = context(partnership_scope(network.rimouski.pk))
    assert eqdem.region_code == "01"
    assert eqdem.row("maturite-affective").region == [None, None, D("13.4")]
    assert eqdem.row("maturite-affective").differences == [None, None, D("1.7")]
    # Montréal's partnership has no rates of its region.
    assert not context(partnership_scope(network.montreal.pk)).has_region_rates


def test_the_quebec_chart_has_one_series_per_year(db):
    chart = context(QUEBEC).chart()
    assert chart.kind == "bar"
    assert chart.slug == "eqdem"
    assert chart.unit == "%"
    assert chart.categories[0] == "Santé physique et bien-être"
    assert [series.label for series in chart.series] == ["Québec 2012", "Québec 2017", "Québec 2022"]
    assert chart.series[2].values[3] == D("12.1")
    assert chart.series[1].values[4] is None
    assert not chart.is_empty


def test_the_region_chart_compares_the_years_the_region_has(db):
    region = region_scope("06").region
    enter_rate("sante-physique", region, 2022, "12.0")
    chart = context(region_scope("06")).chart()
    assert [series.label for series in chart.series] == ["Québec 2022", "Montréal 2022"]
    assert chart.series[0].values[0] == D("10.3")
    assert chart.series[1].values == [D("12.0"), None, None, None, None, None]
    assert "Montréal" in chart.title


def test_an_entered_rate_reaches_the_cached_context(db):
    scope = region_scope("06")
    assert not context(scope).has_region_rates
    enter_rate("sante-physique", scope.region, 2022, "12.0")
    assert context(scope).has_region_rates


def test_the_context_costs_three_queries_once_then_none(db, django_assert_num_queries):
    scope = region_scope("06")
    with django_assert_num_queries(3):
        context(scope)
    for year, rate in ((2012, "9.0"), (2017, "9.5"), (2022, "10.0")):
        enter_rate("sante-physique", scope.region, year, rate)
    cache.clear()
    with django_assert_num_queries(3):
        assert context(scope).has_region_rates
    with django_assert_num_queries(0):
        context(scope)
