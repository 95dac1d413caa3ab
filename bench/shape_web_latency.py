"""How long the web app takes to show a new analysis after an edit of the Hanoi model (1,152 states).

After each edit the page asks ``POST /api/live`` (validation, analysis, the model's data and the
graph, from one reading of the model); after a statement is moved it sends the model's data and
gets the model's text written again in the same answer. This script sends the same requests to a
server in a fresh process (uvicorn on a free local port), moving one of the DPRK's preference
statements each time, as the editor does, and prints the median and the worst of 20 edits: from
the move to the answer, and the analysis alone (an edit typed in the text).

    .venv/bin/python bench/shape_web_latency.py
"""

from __future__ import annotations

import copy
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EDITS = 20
sys.path.insert(0, str(ROOT / "bench"))

from measure import web_api  # noqa: E402  (beside this script)


def main() -> None:
    with web_api(ROOT, timeout=60) as (client, base):
        text = (ROOT / "examples" / "hanoi-2019.yaml").read_text()
        data = client.post(base + "/model", json={"model": text}).json()["data"]
        client.post(base + "/analyze", json={"model": text})  # kernels compiled before timing
        shown: list[float] = []
        analysed: list[float] = []
        for edit in range(EDITS):
            changed = copy.deepcopy(data)
            statements = changed["decision_makers"][1]["preferences"]["prioritization"]
            j = edit % (len(statements) - 1)
            statements[j], statements[j + 1] = statements[j + 1], statements[j]
            start = time.perf_counter()
            yaml_text = client.post(
                base + "/convert", json={"model": json.dumps(changed), "format": "json", "to": "yaml"}
            ).json()["model"]

            written = time.perf_counter()
            answer = client.post(base + "/live", json={"model": yaml_text, "concept": "seq"})
            answer.raise_for_status()
            done = time.perf_counter()
            shown.append(done - start)
            analysed.append(done - written)
    print(f"Hanoi (1,152 states), {EDITS} edits, median and worst:")
    print(f"  statement moved (model rewritten and analysed): {ms(shown)}")
    print(f"  text edited (model read from YAML and analysed): {ms(analysed)}")


def ms(seconds: list[float]) -> str:
    return f"{statistics.median(seconds) * 1000:.0f} ms, worst {max(seconds) * 1000:.0f} ms"


if __name__ == "__main__":
    main()
