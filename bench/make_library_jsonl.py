"""Write a JSON Lines file of library items for measuring ``manage.py import_library``.

The items are composed from the demo phrase banks (``demo.banks``): plausible
Québec French titles, summaries and Markdown bodies of 1 to 2 KB, tagged with the
banks' taxonomy codes, a region and the names of organisations that exist in the
database (read from it, so run ``seed_demo`` first). A few tools and publications get
one of a handful of small PDF or PNG files written beside the JSONL file. The output
depends only on ``--seed``, ``--count`` and the organisations in the database.

    .venv/bin/python bench/make_library_jsonl.py --count 15000 --seed 1 --out /tmp/items.jsonl
    .venv/bin/python manage.py import_library /tmp/items.jsonl
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import struct
import sys
import zlib
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
KINDS = (("apprentissage", 40), ("outil", 20), ("publication", 15), ("actualite", 20), ("dossier", 5))
FIRST_DAY = datetime.date(2014, 1, 1)
LAST_DAY = datetime.date(2026, 10, 31)
#: Share of items written in English, as in the demo library.
ENGLISH_SHARE = 0.05
#: Share of tools and publications that carry one of the attached files.
FILE_SHARE = 0.02


def _setup_django() -> None:
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agirtot.settings.dev")
    import django

    django.setup()


def _organisations() -> list[str]:
    """Names of the organisations, without those whose folded name is shared (ambiguous)."""
    from core.text import fold
    from partners.models import Organisation

    names: dict[str, list[str]] = {}
    for name in Organisation.objects.order_by("pk").values_list("name", flat=True):
        names.setdefault(fold(name), []).append(name)
    return [found[0] for found in names.values() if len(found) == 1]


def _regions() -> list[str]:
    from territories.models import Region

    return list(Region.objects.order_by("code").values_list("code", flat=True))


def _pdf(text: str) -> bytes:
    """A one-page PDF; the cross-reference offsets are computed so that readers accept it."""
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _png(seed: int, size: int = 64) -> bytes:
    """A small grey-level PNG with a seeded diagonal pattern."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(
        b"\x00" + bytes((x * 4 + y * 2 + seed * 37) % 256 for x in range(size)) for y in range(size)
    )
    header = struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def write_files(folder: Path, count: int) -> list[str]:
    """Write ``count`` small files (alternately PDF and PNG); returns their names."""
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for number in range(count):
        if number % 2 == 0:
            name = f"fiche-{number + 1:02d}.pdf"
            (folder / name).write_bytes(_pdf(f"Fiche {number + 1} - Agir tot"))
        else:
            name = f"affiche-{number + 1:02d}.png"
            (folder / name).write_bytes(_png(number))
        names.append(f"{folder.name}/{name}")
    return names


class Composer:
    """Draws one item after another from the phrase banks with one seeded generator."""

    def __init__(self, rng: random.Random, organisations: list[str], regions: list[str], files: list[str]):
        from demo import banks

        self.banks = banks
        self.rng = rng
        self.organisations = organisations
        self.regions = regions
        self.files = files
        self.kinds = [kind for kind, _weight in KINDS]
        self.kind_weights = [weight for _kind, weight in KINDS]
        self.themes = banks.THEMES
        self.theme_weights = [theme.weight for theme in banks.THEMES]

    def fill(self, text: str) -> str:
        rng = self.rng
        return text.format(n=rng.randint(25, 480), k=rng.randint(3, 24), pct=f"{rng.randint(12, 85)}\u00a0%")

    def some(self, options, count: int) -> list[str]:
        return [self.fill(option) for option in self.rng.sample(list(options), min(count, len(options)))]

    def item(self, number: int) -> dict:
        rng, banks = self.rng, self.banks
        kind = rng.choices(self.kinds, weights=self.kind_weights)[0]
        theme = rng.choices(self.themes, weights=self.theme_weights)[0]
        english = rng.random() < ENGLISH_SHARE
        subject_fr, subject_en = rng.choice(theme.subjects)
        place = rng.choice(theme.places)
        goal = rng.choice(theme.goals)
        if english:
            angle = rng.choice(("what we learned", "a first year", "a guide"))
            title = f"{subject_en[:1].upper()}{subject_en[1:]}: {angle}"
            summary = " ".join(self.some(theme.english, 2))
            body = self.english_body(theme, subject_en)
        else:
            title = self.title(kind, theme, subject_fr, place)
            summary = f"Les partenaires ont mis sur pied {subject_fr} {place} pour {goal}. " + self.fill(
                rng.choice(theme.results)
            )
            body = self.body(kind, theme, subject_fr, place, goal)
        # A number keeps titles distinct enough that slugs rarely need a suffix search.
        title = f"{title} ({number})" if rng.random() < 0.5 else title
        ages = list(theme.ages)
        size = min(len(ages), rng.choice((1, 2, 2, 3)))
        first = rng.randint(0, len(ages) - size)
        populations = [theme.populations[0]] if theme.populations and rng.random() < 0.7 else []
        if rng.random() < 0.15:
            populations.append(rng.choice(list(banks.POPULATION_PHRASES)))
        themes = [theme.code] + ([rng.choice(theme.related)] if theme.related and rng.random() < 0.25 else [])
        if rng.random() < 0.01:
            # A new theme now and then, created by the import.
            themes.append(
                rng.choice(("Transition vers la maternelle en milieu rural", "Familles recomposées"))
            )
        day = FIRST_DAY + datetime.timedelta(days=round((LAST_DAY - FIRST_DAY).days * rng.random() ** 0.6))
        line = {
            "kind": kind,
            "title": title,
            "summary": summary,
            "body": body,
            "systems": list(theme.systems[:1]) + [s for s in theme.systems[1:] if rng.random() < 0.4],
            "protection_factors": list(theme.factors[:1])
            + rng.sample(list(theme.factors[1:]), rng.choice((0, 1))),
            "themes": list(dict.fromkeys(themes)),
            "age_periods": ages[first : first + size],
            "populations": list(dict.fromkeys(populations)),
            "action_types": [rng.choice(theme.action_types)],
            "regions": rng.sample(self.regions, rng.choice((0, 1, 1, 1, 2))) if self.regions else [],
            "organisations": (
                rng.sample(self.organisations, rng.choice((0, 1, 1, 2, 3))) if self.organisations else []
            ),
            "published_at": day.isoformat(),
            "language": "en" if english else "fr",
        }
        if self.files and kind in ("outil", "publication") and rng.random() < FILE_SHARE:
            line["files"] = [rng.choice(self.files)]
        return line

    def title(self, kind: str, theme, subject: str, place: str) -> str:
        rng, banks = self.rng, self.banks
        bare = subject.split(" ", 1)[1] if subject.startswith(("le ", "la ", "les ")) else subject
        bare = bare.removeprefix("l'")
        capital = bare[:1].upper() + bare[1:]
        if kind == "outil":
            return f"{rng.choice(theme.tools)[0]} : version {rng.choice(banks.TOOL_VARIANTS)}"
        if kind == "publication":
            return f"Revue des connaissances sur {rng.choice(theme.research)[0]}"
        if kind == "dossier":
            return rng.choice(theme.dossiers)
        if kind == "actualite":
            return f"Retour sur {subject} {place}"
        return rng.choice(
            (
                f"{capital} {place}",
                f"{capital} : {rng.choice(theme.lessons)}",
                f"{capital} : {rng.choice(banks.GENERIC_LESSONS)}",
            )
        )

    def body(self, kind: str, theme, subject: str, place: str, goal: str) -> str:
        rng, banks = self.rng, self.banks
        year = rng.randint(2015, 2025)
        parts = [
            "## Contexte",
            " ".join(self.some(theme.needs, 2)),
            "## Ce que nous avons fait",
            f"En {year}, les partenaires ont mis sur pied **{subject}** {place} pour {goal}. "
            + " ".join(self.some(theme.activities, 2)),
            "\n".join(f"- {sentence}" for sentence in self.some(theme.activities, 3)),
            "## Résultats",
            "\n".join(f"- {sentence}" for sentence in self.some(theme.results, 3)),
            "## Conditions de succès et défis",
            " ".join(self.some(theme.conditions, 2)) + " " + " ".join(self.some(theme.challenges, 1)),
            "### Nos conseils",
            "\n".join(f"{n}. {sentence}" for n, sentence in enumerate(self.some(theme.advice, 3), start=1)),
        ]
        if kind == "outil":
            parts += [
                "## L'outil",
                f"Conçu pour {rng.choice(banks.TOOL_USERS)}, il comprend "
                f"{rng.choice(banks.TOOL_COMPONENTS)} et {rng.choice(banks.TOOL_COMPONENTS)}.",
                self.fill(rng.choice(banks.TOOL_FORMATS)),
            ]
        elif kind == "publication":
            parts += [
                "## Méthode",
                f"Les données viennent de {rng.choice(banks.EVALUATION_METHODS)} "
                f"et de {rng.choice(banks.EVALUATION_METHODS)}.",
            ]
        return "\n\n".join(parts)

    def english_body(self, theme, subject: str) -> str:
        rng, banks = self.rng, self.banks
        opening = rng.choice(banks.ENGLISH_OPENINGS).format(
            territory=rng.choice(("Montréal", "the Laurentides", "Gaspésie", "the Outaouais")),
            subject=subject,
            Subject=subject[:1].upper() + subject[1:],
            org=rng.choice(self.organisations) if self.organisations else "a family centre",
        )
        return "\n\n".join(
            [
                opening,
                "## What we did",
                " ".join(self.some(theme.english, 3)),
                "## What we learned",
                "\n".join(f"- {sentence}" for sentence in self.some(theme.english, 3)),
                rng.choice(banks.ENGLISH_CLOSINGS),
            ]
        )


def main(argv: list[str] | None = None) -> int:
    """Write the file; print its size and how many items and files it names."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=15_000, help="number of items (default 15000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", type=Path, default=Path("items.jsonl"), help="the JSONL file to write")
    parser.add_argument(
        "--files", type=int, default=6, help="small PDF/PNG files written beside it and attached (default 6)"
    )
    args = parser.parse_args(argv)
    _setup_django()
    rng = random.Random(args.seed)
    out = args.out.resolve()
    files = write_files(out.parent / f"{out.stem}-files", args.files) if args.files else []
    composer = Composer(rng, _organisations(), _regions(), files)
    attached = 0
    with out.open("w", encoding="utf-8") as handle:
        for number in range(1, args.count + 1):
            line = composer.item(number)
            attached += bool(line.get("files"))
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    print(f"{out}: {args.count} items, {attached} with a file, {out.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
