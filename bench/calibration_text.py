"""Writes index/data/calibration.txt, the text int8 MiniLM is calibrated on (index/quantize.py).

The text must look like what the embedder reads (chunks of news of about 200 tokens, and short
questions and headlines) and may not be anybody's articles, so it is generated: the project's own
hand-written paragraphs (kept at the top of the file) and 120 invented articles from the eval's
distractor generator (service/evaluation/distractors.py, seed 99, so none is an eval distractor),
written as chunk-sized blocks, a headline and a lead sentence each.

    .venv/bin/python bench/calibration_text.py   # rewrites the file; the int8 IR is rebuilt at next use"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET = ROOT / "index" / "data" / "calibration.txt"
HAND_WRITTEN_MARK = "# -- generated below by bench/calibration_text.py --"
CHUNK_CHARS = 900


def blocks(articles: list[dict[str, str]]) -> list[str]:
    out = []
    for article in articles:
        paragraphs = [p.strip() for p in article["text"].split("\n\n") if p.strip()]
        window = ""
        for paragraph in paragraphs:
            if window and len(window) + len(paragraph) > CHUNK_CHARS:
                out.append(window)
                window = ""
            window = f"{window} {paragraph}".strip()
        if window:
            out.append(window)
        out.append(article["title"])
        out += re.split(r"(?<=[.!?])\s+(?=[A-Z])", paragraphs[0])[:1] if paragraphs else []
    return out


def main() -> None:
    from service.evaluation.distractors import distractor_articles

    current = TARGET.read_text(encoding="utf-8")
    hand = current.split(HAND_WRITTEN_MARK)[0].rstrip()
    generated = "\n\n".join(blocks(distractor_articles(120, seed=99)))
    TARGET.write_text(f"{hand}\n\n{HAND_WRITTEN_MARK}\n\n{generated}\n", encoding="utf-8")
    print(f"{TARGET}: {len(generated):,} generated characters")


if __name__ == "__main__":
    main()
