"""/ask and /chat with the embedded model: time to first token, total time, prompt tokens.

In-process: the service's own Container (MiniLM, Chroma, the llama.cpp child server with 2 threads)
over the 13 shared articles, and the baseline's stuff-the-top-4 chain over the same articles on the
same llama.cpp server. /ask is timed through ChatService.stream with one user message, which is
exactly /ask's path (hybrid retrieval, answer chain, answer check) streamed, so TTFT is measurable;
/chat adds a follow-up turn (condense call, then the same path). TTFT counts from the question
arriving, retrieval included. Prompt tokens are counted by the model's own tokenizer (the server's
/extras/tokenize) on the rendered system + user text, for both pipelines alike."""

from __future__ import annotations

import argparse
import contextlib
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
from baseline import QA_TEMPLATE, Baseline
from common import MODEL_DIR, gold_questions, header, row, source_articles


@contextlib.contextmanager
def llm_setup() -> Iterator[tuple[Any, Baseline]]:
    """Both pipelines over the shared articles, one llama.cpp server (2 threads) for both."""
    from service.articles import ArticleIn
    from service.config import Settings
    from service.container import Container

    with tempfile.TemporaryDirectory(prefix="bench-llm-") as tmp:
        settings = Settings(
            data_dir=Path(tmp) / "nd", model_dir=MODEL_DIR, llm_threads=2, openai_api_key=None
        )
        container = Container(settings)
        try:
            articles = source_articles()
            container.articles.ingest(
                [ArticleIn(title=a["title"], text=a["text"], id=a["id"]) for a in articles]
            )
            baseline = Baseline(Path(tmp) / "bl", embeddings=None)
            for a in articles:
                baseline.ingest(a)
            yield container, baseline
        finally:
            container.close()


def count_tokens(base_url: str, *texts: str) -> int:
    root = base_url.removesuffix("/v1")
    return sum(
        len(httpx.post(f"{root}/extras/tokenize", json={"input": t}, timeout=60).json()["tokens"])
        for t in texts
    )


def stream_timed(pieces: Iterator[Any]) -> tuple[float, float, str]:
    """(seconds to the first non-empty text piece, total seconds, text)."""
    start, first, text = time.perf_counter(), None, ""
    for piece in pieces:
        if isinstance(piece, str) and piece:
            first = first if first is not None else time.perf_counter() - start
            text += piece
    total = time.perf_counter() - start
    return (first if first is not None else total), total, text


def bench(container: Any, baseline: Baseline, n_questions: int = 3, chat_turns: int = 1) -> dict[str, Any]:
    from service.answers.chain import format_passages
    from service.api.schemas import ChatMessage
    from service.evaluation import answer_matches
    from service.llm.prompts import load_prompt

    base_url = container.provider.base_url
    qa = baseline.qa_chain(container.provider.chat_model(max_tokens=200))
    questions = gold_questions()[:: max(1, len(gold_questions()) // n_questions)][:n_questions]
    ours: dict[str, list[float]] = {"ttft": [], "total": [], "prompt": [], "right": []}
    theirs: dict[str, list[float]] = {"ttft": [], "total": [], "prompt": [], "right": []}
    # All of one pipeline, then all of the other: alternating would evict each one's cached prompt
    # prefix (llama.cpp keeps the last prompt's KV cache) and hide what that cache is worth.
    for q in questions:
        messages = [ChatMessage(role="user", content=q["q"])]
        ttft, total, text = stream_timed(container.chat.stream(messages))
        docs = container.asker.retrieve(q["q"], None, None)
        prompt = load_prompt("ask").format_messages(passages=format_passages(docs), question=q["q"])
        ours["ttft"].append(ttft)
        ours["total"].append(total)
        ours["prompt"].append(count_tokens(base_url, *[str(m.content) for m in prompt]))
        ours["right"].append(float(answer_matches(text, q["answers"][0], q["answers"][1:])))
    for q in questions:
        ttft, total, text = stream_timed(qa.stream(q["q"]))
        context = "\n\n".join(d.page_content for d in baseline.retriever().invoke(q["q"]))
        theirs["ttft"].append(ttft)
        theirs["total"].append(total)
        theirs["prompt"].append(count_tokens(base_url, QA_TEMPLATE.format(context=context, question=q["q"])))
        theirs["right"].append(float(answer_matches(text, q["answers"][0], q["answers"][1:])))

    chat: dict[str, list[float]] = {"ttft": [], "total": []}
    if chat_turns:
        for q in questions[:chat_turns]:  # a follow-up that needs the first turn to make sense
            history = [
                ChatMessage(role="user", content=q["q"]),
                ChatMessage(role="assistant", content="[answer above]"),
                ChatMessage(role="user", content="And according to which article is that?"),
            ]
            ttft, total, _ = stream_timed(container.chat.stream(history))
            chat["ttft"].append(ttft)
            chat["total"].append(total)

    def mean(xs: list[float]) -> float | None:
        return round(statistics.mean(xs), 3) if xs else None

    header(f"answers: {len(questions)} gold questions, embedded 1.5B model, 2 threads (lower is better)")
    print(row("/ask time to first token s", mean(ours["ttft"]), mean(theirs["ttft"]), "s"))
    print(row("/ask total s", mean(ours["total"]), mean(theirs["total"]), "s"))
    print(row("prompt tokens per answer", mean(ours["prompt"]), mean(theirs["prompt"]), "tokens"))
    print(row("answers holding the gold answer", mean(ours["right"]), mean(theirs["right"]), "share"))
    print(row("/chat follow-up TTFT s", mean(chat["ttft"]), None, "s (condense + answer)"))
    print(row("/chat follow-up total s", mean(chat["total"]), None, "s"))
    return {
        "ask_ttft_s": mean(ours["ttft"]),
        "answers": {
            "questions": len(questions),
            "newsdesk": {k: mean(v) for k, v in ours.items()},
            "baseline": {k: mean(v) for k, v in theirs.items()},
            "chat_followup": {k: mean(v) for k, v in chat.items()},
        },
    }


if __name__ == "__main__":
    from common import print_cpu_line

    print_cpu_line()  # which fast paths these figures ran on
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=3)
    args = parser.parse_args()
    with llm_setup() as (container, baseline):
        bench(container, baseline, args.questions)
