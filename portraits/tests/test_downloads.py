"""Downloads of a portrait's charts: the table as CSV or XLSX, the image as SVG or PNG."""

import io
from decimal import Decimal

import pytest
from defusedxml import ElementTree
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.urls import path
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook

from agirtot import urls as site_urls
from core.http import InvalidRequest
from portraits.charts import Chart, Series
from portraits.downloads import respond

CHARTS = [
    Chart(
        slug="actions-par-region",
        title="Actions par région",
        kind="bar",
        category_label="Région",
        categories=["Montréal", "Bas-Saint-Laurent", "Laval"],
        series=[Series("Actions", [3000, 12, None])],
        unit="actions",
    ),
    Chart(
        slug="eqdem",
        title="Enfants vulnérables",
        kind="line",
        category_label="Année",
        categories=["2012", "2017"],
        series=[Series("Québec", [Decimal("25.6"), Decimal("27.7")])],
        unit="%",
    ),
]


def view(request: HttpRequest) -> HttpResponse:
    """A portrait page: its downloads, or the page itself."""
    return respond(request, CHARTS, "Portrait Montréal") or HttpResponse("la page")


def get(query: str) -> HttpResponse:
    return view(RequestFactory().get("/portraits/regions/06/" + query))


def filename(response: HttpResponse) -> str:
    return response["Content-Disposition"].split('filename="')[1].rstrip('"')


def test_without_format_the_page_renders():
    assert get("").content == b"la page"
    assert get("?chart=eqdem").content == b"la page"


def test_csv_is_for_french_excel():
    response = get("?chart=actions-par-region&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert filename(response) == f"portrait-montreal-actions-par-region-{timezone.localdate():%Y-%m-%d}.csv"
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    lines = body.decode("utf-8-sig").splitlines()
    assert lines == ["Région;Actions (actions)", "Montréal;3000", "Bas-Saint-Laurent;12", "Laval;"]


def test_csv_writes_decimal_commas():
    lines = get("?chart=eqdem&format=csv").content.decode("utf-8-sig").splitlines()
    assert lines == ["Année;Québec (%)", "2012;25,6", "2017;27,7"]


def test_xlsx_holds_the_numbers():
    response = get("?chart=eqdem&format=xlsx")
    assert filename(response).endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Année", "Québec (%)")
    assert [r[0] for r in rows[1:]] == ["2012", "2017"]
    assert [float(r[1]) for r in rows[1:]] == [25.6, 27.7]


def test_svg_is_a_standalone_image_file():
    response = get("?chart=actions-par-region&format=svg")
    assert response["Content-Type"].startswith("image/svg+xml")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert filename(response).endswith(".svg")
    content = response.content.decode("utf-8")
    assert content.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = ElementTree.fromstring(content.split("\n", 1)[1])
    assert root.get("xmlns") is None and root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("width").isdigit()


def test_png_is_a_picture_of_the_chart():
    response = get("?chart=eqdem&format=png")
    assert response["Content-Type"] == "image/png"
    assert filename(response).endswith(".png")
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")
    # 1200 pixels wide: the width is in the IHDR chunk, right after the signature.
    assert int.from_bytes(response.content[16:20], "big") == 1200


def without_cairo(monkeypatch):
    """As on a server without the Cairo library: importing CairoSVG fails."""
    import sys

    monkeypatch.setitem(sys.modules, "cairosvg", None)  # `import cairosvg` now raises ImportError


def test_without_cairo_the_modules_load_and_other_downloads_work(monkeypatch):
    import importlib
    import sys

    without_cairo(monkeypatch)
    for name in ("portraits.downloads", "portraits.views.pages"):
        monkeypatch.delitem(sys.modules, name)
        importlib.import_module(name)  # nothing draws a PNG at import time
    assert get("?chart=eqdem&format=svg")["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert get("?chart=eqdem&format=csv").status_code == 200


def test_without_cairo_a_png_is_a_french_503(monkeypatch):
    without_cairo(monkeypatch)
    response = get("?chart=eqdem&format=png")
    assert response.status_code == 503
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "Les images PNG ne peuvent pas être produites sur ce serveur pour le moment. "
        "Téléchargez le graphique en SVG, ou son tableau en CSV ou XLSX."
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?chart=inconnu&format=csv", "Cette page n'a pas de graphique « inconnu »."),
        ("?format=csv", "Précisez le graphique à télécharger (paramètre « chart »)."),
        ("?chart=eqdem&format=pdf", "Le format « pdf » n'est pas offert : choisissez csv, xlsx, svg ou png."),
    ],
)
def test_unknown_chart_or_format_is_a_french_400(query, message):
    with pytest.raises(InvalidRequest) as error:
        get(query)
    assert error.value.user_message == message


def test_through_the_site_a_bad_download_is_a_french_400_page(client, settings):
    settings.ROOT_URLCONF = "portraits.tests.test_downloads"
    response = client.get("/graphiques/?chart=eqdem&format=gif")
    assert response.status_code == 400
    assert escape("Le format « gif » n'est pas offert") in response.content.decode()


# The site's URL configuration plus the view above, for the test through the site.
urlpatterns = [path("graphiques/", view), *site_urls.urlpatterns]
handler400 = site_urls.handler400
