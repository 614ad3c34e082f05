"""Full-page screenshots of the portrait pages, 1280 px wide, in Chromium (see README.md).

Usage, with the demo data served by `manage.py runserver 127.0.0.1:8107`:

    .venv/bin/python docs/screenshots/take_screenshots.py http://127.0.0.1:8107

The partnership and the plan are looked up in the database the server uses: the active
partnership with the most members, and the public plan with the most actions.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
MAX_BYTES = 600_000
# Longer pages are cut: the top of a page shows its shape, and the files stay small.
MAX_HEIGHT = 7500


def targets() -> dict[str, str]:
    """File name → path of each page to capture."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agirtot.settings.dev")
    import django

    django.setup()
    from django.db.models import Count, Q

    from partners.models import Partnership
    from plans.models import Plan, Visibility

    partnership = (
        Partnership.objects.filter(is_active=True)
        .annotate(members=Count("memberships", filter=Q(memberships__organisation__is_active=True)))
        .order_by("-members", "pk")
        .first()
    )
    plan = (
        Plan.objects.filter(visibility=Visibility.PUBLIC, partnership__is_active=True)
        .annotate(size=Count("actions"))
        .order_by("-size", "pk")
        .first()
    )
    return {
        "portrait-quebec.png": "/portraits/",
        "portrait-region-06.png": "/portraits/regions/06/",
        "portrait-partnership.png": f"/portraits/regroupements/{partnership.pk}/",
        "network-partnership.png": f"/portraits/regroupements/{partnership.pk}/reseau/",
        "network-quebec.png": "/portraits/reseau/",
        "plan-recommendations.png": f"/portraits/plans/{plan.pk}/pistes/",
        "open-data.png": "/donnees-ouvertes/",
    }


def shrink(path: Path) -> None:
    """Quantises the PNG to 256 colours (the pages use few), which keeps text sharp and files small."""
    from PIL import Image

    image = Image.open(path).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        path, optimize=True
    )


def main(base_url: str) -> None:
    """Captures every page, waiting for the network graph to be laid out."""
    from playwright.sync_api import sync_playwright

    pages = targets()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            args=["--no-sandbox", "--disable-dev-shm-usage"],
        )
        context = browser.new_context(
            base_url=base_url, locale="fr-CA", viewport={"width": 1280, "height": 900}
        )
        for name, path in pages.items():
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
            response = page.goto(path, wait_until="networkidle")
            if "reseau" in path and "regroupements" in path:
                page.locator("#network-view .network-canvas canvas").first.wait_for(state="attached")
                page.wait_for_timeout(1500)  # Cytoscape's first layout and fit
            target = HERE / name
            height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
            page.screenshot(
                path=str(target), full_page=True, clip={"x": 0, "y": 0, "width": 1280, "height": height}
            )
            shrink(target)
            size = target.stat().st_size
            print(
                f"{name}: {path} → HTTP {response.status}, {size // 1000} kB, "
                f"JavaScript errors: {errors or 'none'}"
            )
            if size > MAX_BYTES:
                print(f"  warning: {name} is larger than {MAX_BYTES // 1000} kB")
            page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8107")
