"""What the web app's page waits for when it opens a model of 2^20 states, and as it pages its table.

The page asks ``POST /api/live`` with ``max_listed_states`` (it sends 10,000): above that many states the
analysis comes as a summary, and the stability table a page of 100 rows at a time (``POST /api/table``),
filtered and sorted by the server. This script starts a server in a fresh process (uvicorn on a free
local port), sends a model of 20 options (the ``unrestricted`` benchmark family, two decision makers,
1,048,576 states) and prints each answer's time and size: the first reading (analysis, summary and
graph), the first page of the table, the next page, a filter, a sort and a search, then the same model
edited (one more statement, analysed again). With ``--whole``, also ``POST /api/analyze`` answering every
row, as the command's JSON does.

    .venv/bin/python bench/shape_web_large.py [--options 20] [--whole]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from conflicts import conflict  # noqa: E402  (the benchmark families, beside this script)
from measure import web_api  # noqa: E402

from standoff.io.native import dump_yaml  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--options", type=int, default=20)
    parser.add_argument("--whole", action="store_true", help="also time /api/analyze with every row")
    args = parser.parse_args()
    text = dump_yaml(conflict("unrestricted", args.options, seed=0))
    rows: list[tuple[str, float, int, str]] = []
    with web_api(ROOT.parent, timeout=600) as (client, base):
        client.post(base + "/analyze", json={"model": dump_yaml(conflict("unrestricted", 8))})  # kernels

        def ask(label: str, route: str, body: dict[str, Any], note: Any = None) -> Any:
            start = time.perf_counter()
            answer = client.post(f"{base}/{route}", json={"model": text, **body})
            seconds = time.perf_counter() - start
            answer.raise_for_status()
            found = answer.json()
            rows.append((label, seconds, len(answer.content), note(found) if note else ""))
            return found

        live = ask(
            "open: live (analysis summary, graph)",
            "live",
            {"max_listed_states": 10_000},
            lambda a: f"{a['analysis']['n_states']:,} states, {len(a['graph']['nodes'])} drawn",
        )
        total = lambda a: f"{a['total']:,} rows match"  # noqa: E731
        ask("table: first page", "table", {"limit": 100}, total)
        ask("table: next page", "table", {"offset": 100, "limit": 100}, total)
        ask("table: SEQ equilibria", "table", {"concept": "seq", "show": "stable"}, total)
        ask(
            "table: sorted by pattern, last first",
            "table",
            {"sort": "pattern", "descending": True},
            total,
        )
        ask("table: find 'YYYYYYYYYY'", "table", {"find": "yyyyyyyyyy"}, total)
        first = live["data"]["decision_makers"][0]["preferences"]["prioritization"]
        edited = text.replace(f"        - {first[0]}\n", f"        - {first[1]}\n        - {first[0]}\n", 1)
        start = time.perf_counter()
        again = client.post(base + "/live", json={"model": edited, "max_listed_states": 10_000})
        again.raise_for_status()
        rows.append(
            ("edit: live again (a statement added)", time.perf_counter() - start, len(again.content), "")
        )
        if args.whole:
            ask("whole: analyze, every row", "analyze", {}, lambda a: f"{len(a['states']):,} rows")
    print(f"A model of {args.options} options (unrestricted family, 2 decision makers), through the web API:")
    for label, seconds, size, note in rows:
        print(f"  {label:40s} {seconds:7.2f} s  {size / 1e6:8.2f} MB  {note}")


if __name__ == "__main__":
    main()
