"""Questions over the collection: retrieve, answer with the chain, then check the answer.

After the model answers, the server decides what the user sees:
- abstention (service.answer_checks): the model said the articles do not say, or its answer is not
  grounded in the passages or not the kind of answer the question asks for: the user gets the one
  abstention sentence and no citations;
- citations: the [n] markers the answer uses, renumbered in order of use; each gets the sentence of
  its passage that best supports the answer, checked to stand in the article."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from langchain_core.documents import Document

from index.registry import Registry
from index.sentences import split_sentences
from index.store import ChunkStore
from service.answer_checks import MARKER, words
from service.answer_checks import abstains as answer_abstains
from service.chains.ask import ABSTENTION, build_answer_chain, format_passages
from service.context import tighten
from service.errors import NotFound
from service.grounding import quote_in
from service.llm_calls import call_llm
from service.numbers import values
from service.providers import LlmProvider
from service.retrieval import Filters, HybridRetriever
from service.schemas import AskOut, Citation

MARKER = MARKER
_words = words


class AskService:
    def __init__(
        self,
        registry: Registry,
        store: ChunkStore,
        provider: LlmProvider,
        k: int = 4,
        retriever: HybridRetriever | None = None,
        context_chars: int = 0,
    ) -> None:
        self.registry = registry
        self.store = store
        self.k = k
        self.context_chars = context_chars
        # Dense + BM25 fused (service.retrieval): finds exact names and numbers dense search misses.
        self.retriever = retriever or HybridRetriever(store, registry)
        self._chain = build_answer_chain(provider.chat_model(max_tokens=200))

    def retrieve(
        self,
        question: str,
        article_ids: Sequence[str] | None,
        k: int | None,
        filters: Filters | None = None,
    ) -> list[Document]:
        filters = filters or Filters()
        if article_ids:
            unknown = [a for a in article_ids if self.registry.get(a) is None]
            if unknown:
                raise NotFound(f"unknown article ids: {', '.join(unknown[:10])}")
            filters = replace(filters, article_ids=tuple(article_ids))
        docs = self.retriever.search(question, k or self.k, filters)
        return tighten(question, docs, self.store.embeddings, self.context_chars)

    def ask(self, question: str, article_ids: Sequence[str] | None = None, k: int | None = None) -> AskOut:
        docs = self.retrieve(question, article_ids, k)
        if not docs:
            return AskOut(answer=ABSTENTION, citations=[], abstained=True)
        raw = str(call_llm(self._chain, {"passages": format_passages(docs), "question": question}))
        return self.finish(question, raw, docs)

    def finish(self, question: str, raw: str, docs: list[Document]) -> AskOut:
        answer = raw.strip()
        if self.abstains(question, answer, docs):
            return AskOut(answer=ABSTENTION, citations=[], abstained=True)
        used = self._markers(answer, len(docs))
        if not used:
            best = self._best_passage(answer, docs)
            used = [best] if best is not None else []
            answer = MARKER.sub("", answer).strip() + (f" [{best}]" if best is not None else "")
        renumber = {old: new for new, old in enumerate(used, 1)}
        answer = (
            MARKER.sub(
                lambda m: (
                    " "
                    + "".join(
                        f"[{renumber[int(x)]}]" for x in re.findall(r"\d+", m.group(1)) if int(x) in renumber
                    )
                ),
                answer,
            )
            .replace(" .", ".")
            .strip()
        )
        citations = []
        for old in used:
            citation = self._cite(renumber[old], docs[old - 1], answer, question)
            if citation is not None:
                citations.append(citation)
        return AskOut(answer=answer, citations=citations, abstained=False)

    @staticmethod
    def _markers(answer: str, n_docs: int) -> list[int]:
        seen: list[int] = []
        for group in MARKER.findall(answer):
            for x in re.findall(r"\d+", group):
                if 1 <= int(x) <= n_docs and int(x) not in seen:
                    seen.append(int(x))
        return seen

    @staticmethod
    def abstains(question: str, answer: str, docs: list[Document]) -> bool:
        return answer_abstains(question, answer, docs)

    @staticmethod
    def _best_passage(answer: str, docs: list[Document]) -> int | None:
        wanted = words(answer)
        scores = [len(wanted & words(d.page_content)) for d in docs]
        best = max(range(len(docs)), key=lambda i: scores[i]) if docs else None
        return best + 1 if best is not None and scores[best] > 0 else None

    def _cite(self, n: int, doc: Document, answer: str, question: str) -> Citation | None:
        article = self.registry.get(str(doc.metadata.get("article_id")))
        if article is None:
            return None
        answer_words, question_words = words(MARKER.sub("", answer)), words(question)
        answer_values = values(answer)

        def score(sentence: str) -> tuple[int, int, int]:
            sentence_words = words(sentence)
            return (
                len(answer_values & values(sentence)),
                len(answer_words & sentence_words),
                len(question_words & sentence_words),
            )

        sentences = [s.text for s in split_sentences(doc.page_content)] or [doc.page_content]
        quote = max(sentences, key=score)
        if not quote_in(quote, article.text):
            return None
        return Citation(
            n=n,
            article_id=article.id,
            title=article.title,
            url=article.url,
            chunk_id=str(doc.id or ""),
            quote=quote,
        )
