"""How well the search answers French queries: a relevance set judged on the demo data.

`bench/relevance/fr_queries.yaml` holds queries typed as partners type them (with and
without accents, plurals, elisions, hyphens, acronyms, typos, two- and three-word needs)
and, for each, graded judgments of which results answer it. This script runs every query
through the search service, as /recherche/ and the API do, over the whole site and over
the library alone, and reports:

- success@5: share of queries with a best answer (grade 2) in the first five results;
- MRR@10: mean of 1 / rank of the first best answer in the first ten (0 when none);
- nDCG@10: discounted gain (2^grade - 1) of the first ten against the ideal order;
- kinds@5: share of queries whose first five results hold at least two kinds of answer
  (library, partner, partnership, action for the site; learning, tool, publication,
  dossier, news for the library).

An answer is a document's type and title, the title without an edition suffix
(« — édition 2021 », « (2) »): the same answer shown twice is credited once, so a page
repeating one action from many plans earns less than a page of different answers.

It works on its own installation (`--var-dir`, default bench/var/relevance, ignored by
git): `seed_demo --scale 1 --seed 1` on first use, the search index rebuilt on later
runs (so that a change to indexing is measured), unless `--no-prepare`.

    python bench/relevance.py               # prepare, evaluate, print the figures
    python bench/relevance.py --details     # and every query's first results
    python bench/relevance.py --check       # the judgments against the corpus
    python bench/relevance.py --json        # the figures as JSON (make bench)
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import statistics
import subprocess
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "bench" / "relevance" / "fr_queries.yaml"
VAR_DIR = ROOT / "bench" / "var" / "relevance"
PYTHON = sys.executable
SETTINGS = "agirtot.settings.dev"
RESULT_MARK = "RELEVANCE-RESULT "
TOP = 10
SUCCESS_AT = 5
BEST = 2


# --- Judgments ----------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case, no accents, one kind of apostrophe: what the judgments' patterns read."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_EDITION = re.compile(r"\s*(?:[—–-]\s*[ée]dition\s+\d{4}|\((?:\d{1,2}|\d{4})\))\s*$", re.IGNORECASE)


def answer_key(type_: str, title: str) -> tuple[str, str]:
    """One answer: its type and title, without an edition suffix."""
    return type_, fold(_EDITION.sub("", title)).strip()


@dataclass
class Rule:
    """``[type or type/kind, pattern, grade]``: a title pattern, or ``@facet:value``."""

    type: str
    kind: str | None
    pattern: re.Pattern | None
    facet: str | None
    grade: int

    def matches(self, type_: str, kind: str, folded_title: str, facets: str) -> bool:
        if type_ != self.type or (self.kind is not None and kind != self.kind):
            return False
        if self.facet is not None:
            return self.facet in facets.split()
        return bool(self.pattern and self.pattern.search(folded_title))

    def __str__(self) -> str:
        target = self.type + (f"/{self.kind}" if self.kind else "")
        if self.facet:
            return f"{target} @{self.facet}"
        return f"{target} {self.pattern.pattern if self.pattern else ''!r}"


@dataclass
class Judged:
    """One query of the set, its rules, and the grades of every answer in the corpus."""

    text: str
    need: str
    tags: list[str]
    rules: list[Rule]
    #: answer key → grade, over the public corpus (filled by resolve()).
    grades: dict[tuple[str, str], int] = field(default_factory=dict)
    unmatched: list[str] = field(default_factory=list)

    def grade(self, type_: str, kind: str, title: str, facets: str) -> int:
        """The first rule that matches decides; no rule, no gain."""
        folded = fold(title)
        for rule in self.rules:
            if rule.matches(type_, kind, folded, facets):
                return rule.grade
        return 0

    def ideal(self, types: set[str] | None) -> list[int]:
        grades = [g for (t, _k), g in self.grades.items() if g and (types is None or t in types)]
        return sorted(grades, reverse=True)[:TOP]


def load_queries(path: Path = QUERIES) -> list[Judged]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    queries = []
    for entry in data["queries"]:
        rules = []
        for target, pattern, grade in entry["judge"]:
            type_, _sep, kind = target.partition("/")
            if pattern.startswith("@"):
                rules.append(Rule(type_, kind or None, None, pattern[1:], int(grade)))
            else:
                rules.append(Rule(type_, kind or None, re.compile(fold(pattern)), None, int(grade)))
        queries.append(Judged(entry["q"], entry.get("need", ""), list(entry.get("tags", [])), rules))
    texts = [q.text for q in queries]
    duplicates = {t for t in texts if texts.count(t) > 1}
    if duplicates:
        raise SystemExit(f"Queries listed twice: {sorted(duplicates)}")
    return queries


def resolve(queries: list[Judged]) -> None:
    """Grade every public document of the corpus for every query (once, in memory)."""
    from search.models import Document

    documents = list(
        Document.objects.filter(audience__isnull=True)
        .values_list("type", "kind", "title", "facets")
        .distinct()
    )
    for query in queries:
        used = set()
        for type_, kind, title, facets in documents:
            folded = fold(title)
            for index, rule in enumerate(query.rules):
                if rule.matches(type_, kind, folded, facets):
                    used.add(index)
                    key = answer_key(type_, title)
                    query.grades[key] = max(query.grades.get(key, 0), rule.grade)
                    break
        query.unmatched = [str(r) for i, r in enumerate(query.rules) if i not in used]


# --- Metrics ------------------------------------------------------------------------------


def dcg(gains: list[int]) -> float:
    return sum((2**g - 1) / math.log2(rank + 2) for rank, g in enumerate(gains))


@dataclass
class Ranked:
    """One query's first results: (type, kind, title, facets) and their credited grades."""

    results: list[tuple[str, str, str, str]]
    gains: list[int]
    count: int
    ms: float
    suggestion: str = ""


def credit(query: Judged, results: list[tuple[str, str, str, str]]) -> list[int]:
    """Each result's grade, zero when its answer was already shown higher."""
    seen = set()
    gains = []
    for type_, kind, title, facets in results:
        key = answer_key(type_, title)
        gains.append(0 if key in seen else query.grade(type_, kind, title, facets))
        seen.add(key)
    return gains


def figures(
    queries: list[Judged], ranked: list[Ranked], *, types: set[str] | None, kind_of
) -> dict[str, Any]:
    """success@5, MRR@10, nDCG@10 and kinds@5 over the queries that have a best answer here."""
    success, reciprocal, ndcg, mixed, times = [], [], [], [], []
    by_tag: dict[str, list[float]] = {}
    for query, result in zip(queries, ranked, strict=True):
        ideal = query.ideal(types)
        if not ideal or ideal[0] < BEST:
            continue
        gains = result.gains[:TOP]
        first = next((rank for rank, g in enumerate(gains, start=1) if g >= BEST), None)
        success.append(1.0 if first is not None and first <= SUCCESS_AT else 0.0)
        reciprocal.append(1.0 / first if first else 0.0)
        ndcg.append(dcg(gains) / dcg(ideal))
        mixed.append(1.0 if len({kind_of(r) for r in result.results[:SUCCESS_AT]}) >= 2 else 0.0)
        times.append(result.ms)
        for tag in query.tags:
            by_tag.setdefault(tag, []).append(ndcg[-1])
    n = len(ndcg)
    times.sort()
    return {
        "queries": n,
        "success_at_5": round(sum(success) / n, 3),
        "mrr_at_10": round(sum(reciprocal) / n, 3),
        "ndcg_at_10": round(sum(ndcg) / n, 3),
        "kinds_at_5": round(sum(mixed) / n, 3),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[min(n - 1, math.ceil(0.95 * n) - 1)], 1),
        "ndcg_by_tag": {tag: round(sum(v) / len(v), 3) for tag, v in sorted(by_tag.items())},
    }


# --- Running the queries ------------------------------------------------------------------


def run_queries(queries: list[Judged], scope) -> list[Ranked]:
    """Each query through the search service, as an anonymous visitor, the first ten kept."""
    from django.contrib.auth.models import AnonymousUser
    from django.http import QueryDict
    from django.test import RequestFactory

    from search.service import read_criteria, run

    request = RequestFactory().get("/recherche/")
    request.user = AnonymousUser()
    ranked = []
    for query in queries:
        data = QueryDict(mutable=True)
        data["q"] = query.text
        started = time.perf_counter()
        criteria = read_criteria(data, scope)
        results = run(request, criteria, scope, offset=0, limit=20)
        ms = (time.perf_counter() - started) * 1000
        rows = [
            (h.document.type, h.document.kind, h.document.title, h.document.facets)
            for h in results.hits[:TOP]
        ]
        suggestion = getattr(results, "suggestion", "") or ""
        ranked.append(Ranked(rows, credit(query, rows), results.count, ms, suggestion))
    return ranked


def evaluate(queries: list[Judged]) -> tuple[dict[str, Any], dict[str, list[Ranked]]]:
    from library.search import SCOPE as LIBRARY_SCOPE
    from search.service import Scope

    resolve(queries)
    site_scope = Scope()
    run_queries(queries[:5], site_scope)  # warm the caches (synonyms, stemmer, pages)
    ranked = {"site": run_queries(queries, site_scope), "library": run_queries(queries, LIBRARY_SCOPE)}
    report = {
        "set": str(QUERIES.relative_to(ROOT)),
        "queries": len(queries),
        "site": figures(queries, ranked["site"], types=None, kind_of=lambda r: r[0]),
        "library": figures(queries, ranked["library"], types={"library"}, kind_of=lambda r: r[1]),
    }
    return report, ranked


# --- Preparing the installation -----------------------------------------------------------


def environment(var_dir: Path, database_url: str = "") -> dict[str, str]:
    """This installation's own SQLite database under ``var_dir``, or the PostgreSQL database given."""
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update({"AGIRTOT_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": SETTINGS})
    return env


def manage(var_dir: Path, database_url: str, *args: str) -> None:
    result = subprocess.run(  # noqa: S603 - fixed command line
        [PYTHON, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=environment(var_dir, database_url),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"manage.py {' '.join(args)} failed with code {result.returncode}")


def prepare(var_dir: Path, database_url: str) -> None:
    """Migrate; seed the demo data on first use, else index it again with the current code."""
    var_dir.mkdir(parents=True, exist_ok=True)
    print(f"==> {database_url or var_dir}: migrate", file=sys.stderr, flush=True)
    manage(var_dir, database_url, "migrate", "--noinput", "-v", "0")
    if _has_documents(var_dir, database_url):
        print("==> rebuild_search_index", file=sys.stderr, flush=True)
        manage(var_dir, database_url, "rebuild_search_index")
    else:
        print("==> seed_demo --scale 1 --seed 1", file=sys.stderr, flush=True)
        manage(var_dir, database_url, "seed_demo", "--scale", "1", "--seed", "1")


def _has_documents(var_dir: Path, database_url: str) -> bool:
    result = subprocess.run(  # noqa: S603 - fixed command line
        [
            PYTHON,
            str(ROOT / "manage.py"),
            "shell",
            "-c",
            "from library.models import LibraryItem; print(LibraryItem.objects.exists())",
        ],
        cwd=ROOT,
        env=environment(var_dir, database_url),
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip().endswith("True")


# --- Output -------------------------------------------------------------------------------


def print_figures(report: dict[str, Any]) -> None:
    print(f"Relevance set: {report['set']}, {report['queries']} queries")
    header = ("scope", "n", "success@5", "MRR@10", "nDCG@10", "kinds@5", "p50/p95 ms")
    print("{:<9} {:>3} {:>10} {:>7} {:>8} {:>8} {:>12}".format(*header))
    for name in ("site", "library"):
        f = report[name]
        print(
            f"{name:<9} {f['queries']:>3} {f['success_at_5']:>10.3f} {f['mrr_at_10']:>7.3f} "
            f"{f['ndcg_at_10']:>8.3f} {f['kinds_at_5']:>8.3f} {f['p50_ms']:>5.1f}/{f['p95_ms']:<6.1f}"
        )
    tags = sorted(set(report["site"]["ndcg_by_tag"]) | set(report["library"]["ndcg_by_tag"]))
    print(
        "nDCG@10 by tag (site / library): "
        + ", ".join(
            f"{t} {report['site']['ndcg_by_tag'].get(t, float('nan')):.2f}/"
            f"{report['library']['ndcg_by_tag'].get(t, float('nan')):.2f}"
            for t in tags
        )
    )


def print_details(queries: list[Judged], ranked: dict[str, list[Ranked]]) -> None:
    for scope, results in ranked.items():
        print(f"\n### {scope}")
        for query, result in zip(queries, results, strict=True):
            ideal = query.ideal(None if scope == "site" else {"library"})
            if not ideal:
                continue
            ndcg = dcg(result.gains) / dcg(ideal)
            hint = f" (→ {result.suggestion})" if result.suggestion else ""
            print(f"- {query.text!r}{hint}: {result.count} hits, nDCG {ndcg:.2f}")
            for (type_, kind, title, _facets), gain in zip(result.results, result.gains, strict=True):
                print(f"    {gain} {type_[:4]}/{kind[:5]:<5} {title[:90]}")


def print_check(queries: list[Judged]) -> None:
    problems = 0
    for query in queries:
        best = sum(1 for g in query.grades.values() if g >= BEST)
        related = sum(1 for g in query.grades.values() if 0 < g < BEST)
        library = sum(1 for (t, _k), g in query.grades.items() if t == "library" and g >= BEST)
        flag = ""
        if not best or query.unmatched:
            problems += 1
            flag = "  <-- " + (
                "no best answer" if not best else "rules matching nothing: " + "; ".join(query.unmatched)
            )
        print(f"{query.text!r:<45} best {best:>4}  related {related:>4}  library best {library:>4}{flag}")
    print(f"{len(queries)} queries, {problems} with a problem")


def _turn_off(steps: list[str]) -> None:
    """Measure the effect of a ranking step: the service calls the engine with it off."""
    from search import query, service

    def search(*args, **options):
        for step in steps:
            options[step] = False
        return query.search(*args, **options)

    service.search = search


def main() -> int:
    parser = argparse.ArgumentParser(description="French relevance of the search (bench/relevance).")
    parser.add_argument(
        "--var-dir", type=Path, default=VAR_DIR, help="installation to use (default bench/var/relevance)"
    )
    parser.add_argument("--no-prepare", action="store_true", help="use the installation as it is")
    parser.add_argument(
        "--database-url", default="", help="a PostgreSQL database to use instead (DATABASE_URL syntax)"
    )
    parser.add_argument("--details", action="store_true", help="print every query's first results")
    parser.add_argument("--check", action="store_true", help="check the judgments against the corpus")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON line")
    parser.add_argument(
        "--without",
        action="append",
        default=[],
        choices=["interleave", "collapse", "correct", "suggest"],
        help="measure with one of the engine's ranking steps turned off (repeatable)",
    )
    args = parser.parse_args()

    var_dir = args.var_dir.resolve()
    if not args.no_prepare:
        prepare(var_dir, args.database_url)
    os.environ.pop("DATABASE_URL", None)
    os.environ.update(environment(var_dir, args.database_url))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if args.without:
        _turn_off(args.without)
    queries = load_queries()
    if args.check:
        resolve(queries)
        print_check(queries)
        return 0
    report, ranked = evaluate(queries)
    if args.details:
        print_details(queries, ranked)
    if args.json:
        print(RESULT_MARK + json.dumps(report, ensure_ascii=False))
    else:
        print_figures(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
