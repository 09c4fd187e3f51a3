"""Questions over the collection: retrieve, answer with the chain, then check the answer.

After the model answers, the server decides what the user sees:
- abstention (checks.py): the model said the articles do not say, or its answer is not grounded in
  the passages or not the kind of answer the question asks for: the user gets the one abstention
  sentence and no citations;
- citations: the [n] markers the answer uses, renumbered in order of use; each gets the sentence of
  its passage that best supports the answer, checked to stand in the article.

The chat capability reuses all of it (retrieve, the chain, finish) for each turn of a conversation."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.runnables import Runnable

from index.clean import quote_in
from index.registry import Registry
from service.answers.amounts import sole_amount
from service.answers.chain import ABSTENTION, answer_inputs
from service.answers.checks import abstains, says_no
from service.answers.choices import parse_choice
from service.answers.citations import best_sentence, marked, strip_markers, unbracketed
from service.answers.compare import answer_choice
from service.answers.context import tighten, widen, within_reach
from service.answers.counts import asked_count, count_answer, counts_of, sole_count
from service.answers.figures import as_written
from service.answers.following import following_passages
from service.answers.models import Answer, Citation, Reply
from service.answers.periods import REFUSED, for_asked_year
from service.answers.qualifiers import of_another_thing
from service.answers.recency import newest_only
from service.answers.scores import sole_score
from service.answers.subjects import unnamed_by_articles
from service.answers.support import MIN_SUPPORT, MIN_SUPPORT_AGAIN, carried_terms, reachable_support
from service.articles.lookup import require_known
from service.llm.calls import call_llm, stream_llm
from service.observability.metrics import RETRIEVAL_LATENCY
from service.retrieval import Filters, HybridRetriever
from service.text.nlp import NewsNlp

# When the model abstains over the tight context, or no sentence of it could carry an answer, the
# same chunks are cut again to this many times the budget and the model reads those: the first cut
# left the answering sentence out for 5.6% of the tune set's questions, 1.1% of the own set's, 2.1%
# of the held-out set's; cut to twice the budget, 0.7%, 1.1%, 0% (2026-12-03). Easy questions
# keep the short prompt; only the doubtful ones pay for the longer one.
WIDER = 2


@dataclass
class AskService:
    registry: Registry
    # Dense + BM25 fused (service.retrieval): finds exact names and numbers dense search misses.
    retriever: HybridRetriever
    embeddings: Embeddings  # for the tight context's sentence scores
    chain: Runnable  # the answer chain (chain.py)
    again: Runnable  # the same question asked again, without the way out (chain.py)
    nlp: NewsNlp  # parses how-many questions and their passages (counts.py)
    k: int = 4
    context_chars: int = 0
    # The retry after an abstention reads only the sentences an answer could rest on (`within_reach`);
    # off, it reads the wider cut whole (bench/retry_focus.py measures one against the other).
    focus_retry: bool = True

    def retrieve(
        self,
        question: str,
        article_ids: Sequence[str] | None,
        k: int | None,
        filters: Filters | None = None,
    ) -> list[Document]:
        with RETRIEVAL_LATENCY.time():
            filters = filters or Filters()
            if article_ids:
                require_known(self.registry, article_ids)
                filters = replace(filters, article_ids=tuple(article_ids))
            docs = self.retriever.search(question, k or self.k, filters)
            return self.tighten(question, docs)

    def retrieve_following(
        self, question: str, previous: str, k: int | None, filters: Filters
    ) -> list[Document]:
        """A follow-up's passages: the article the previous question was about alone when every name
        the follow-up asks about stands in it and it could answer; else its best, then the
        collection's (following.py). A rewrite can lose the entity ("How many people does the group
        employ?"), and an open search then finds another group; the open search keeps a change of
        subject."""
        with RETRIEVAL_LATENCY.time():
            k = k or self.k
            hits = self.retriever.search(question, k, filters)
            before = self.retriever.search(previous, 1, filters)
            if before:  # following.py: that article alone when it can answer, else mixed
                scoped = replace(filters, article_ids=(str(before[0].metadata.get("article_id") or ""),))
                first = self.retriever.search(question, k, scoped)
                hits = following_passages(question, first, hits, k, carried_terms(question, previous))
            return self.tighten(question, hits)

    def tighten(self, question: str, docs: list[Document]) -> list[Document]:
        """The passages cut to what bears on the question (context.py); latest: the newest's (recency.py)."""
        return tighten(question, newest_only(question, docs), self.embeddings, self.context_chars)

    def widen(self, question: str, docs: Sequence[Document]) -> list[Document]:
        """The same chunks cut to `WIDER` times the budget (context.py `widen`)."""
        if self.context_chars <= 0:
            return list(docs)  # whole chunks already
        return widen(question, docs, self.embeddings, self.context_chars * WIDER)

    def generate(
        self, question: str, docs: Sequence[Document], carried: frozenset[str] = frozenset()
    ) -> Reply:
        """The model's answer; asked once more, over wider passages, when it abstains. A how-many
        question whose passages hold one count of the thing asked is answered with that count,
        without the model (counts.py: the checks would put that count in any answer the model gave).
        When no sentence of the tight passages could carry an answer, the wider ones are read.
        `carried`: a follow-up's terms from the conversation (support.py `carried_terms`)."""
        wider: tuple[Document, ...] = ()
        if self.out_of_reach(question, docs, carried=carried):
            wider = tuple(self.widen(question, docs))
            if self.out_of_reach(question, wider, carried=carried):
                return Reply(ABSTENTION, hopeless=True)
        sole = sole_count(self.nlp, question, wider or docs)
        if sole is not None:
            return Reply(sole, docs=wider)
        raw = unbracketed(
            str(call_llm(self.chain, answer_inputs(question, wider or docs))), len(wider or docs)
        )
        return self.again_if_abstained(question, raw, wider or docs, widened=bool(wider), carried=carried)

    def again_if_abstained(
        self,
        question: str,
        raw: str,
        docs: Sequence[Document],
        widened: bool = False,
        carried: frozenset[str] = frozenset(),
    ) -> Reply:
        """`raw` if it is an answer; else the model asked again, without the way out, over the
        sentences of wider passages an answer could rest on (`within_reach`; `widened`: `docs` are
        the wider ones already)."""
        wider = tuple(docs) if widened else ()
        if not says_no(raw):
            return Reply(raw, docs=wider)
        wider = wider or tuple(self.widen(question, docs))
        reach = tuple(within_reach(question, wider, MIN_SUPPORT_AGAIN, carried))
        if not reach:  # no sentence could carry an answer past the asked-again gate (`out_of_reach`)
            return Reply(raw, asked_again=True, hopeless=True)
        if self.focus_retry:
            wider = reach
        again = unbracketed(str(call_llm(self.again, answer_inputs(question, wider))), len(wider))
        return Reply(again, asked_again=True, docs=wider)

    @staticmethod
    def out_of_reach(
        question: str,
        docs: Sequence[Document],
        asked_again: bool = False,
        carried: frozenset[str] = frozenset(),
    ) -> bool:
        """Whether no sentence of the passages speaks of the question fully enough for any answer
        to clear the gate (support.py; the higher one for an answer asked again): then the model's
        call is skipped, as its answer would be refused. Asking again after an abstention is
        skipped so for about two retries in five on the tune, own and held-out sets (most of them
        unanswerable questions), at no answer's cost (bench/support_gate.py rows, 2026-12-02); the
        first call, for about one question in 150."""
        gate = MIN_SUPPORT_AGAIN if asked_again else MIN_SUPPORT
        return reachable_support(question, docs, carried) < gate

    def recounts(self, question: str, docs: Sequence[Document]) -> bool:
        """Whether a passage's own count may settle the answer (a how-many question whose passages
        count the thing asked about, counts.py): such an answer is made whole (`generate`, which
        may answer without the model) and checked before it is shown, not streamed as it comes."""
        asked = asked_count(self.nlp, question)
        return asked is not None and bool(counts_of(self.nlp, asked, docs))

    def stream(self, question: str, docs: Sequence[Document]) -> Iterator[str]:
        return stream_llm(self.chain, answer_inputs(question, docs))

    def ask(
        self,
        question: str,
        article_ids: Sequence[str] | None = None,
        k: int | None = None,
        filters: Filters | None = None,
    ) -> Answer:
        return self.choose(question, article_ids, k, filters) or self.answer(
            question, article_ids, k, filters
        )

    def answer(
        self, question: str, article_ids: Sequence[str] | None, k: int | None, filters: Filters | None
    ) -> Answer:
        docs = self.retrieve(question, article_ids, k, filters)
        return self.finish(question, self.generate(question, docs), docs) if docs else abstention()

    def choose(
        self, question: str, article_ids: Sequence[str] | None, k: int | None, filters: Filters | None
    ) -> Answer | None:
        """A choice between two named things ("Which company is cutting more jobs, A or B?",
        choices.py) answered by asking of each and comparing (compare.py); None when the question
        is no such choice."""
        choice = parse_choice(self.nlp, question)
        if choice is None:
            return None
        return answer_choice(
            choice,
            ask=lambda asked: self.answer(asked, article_ids, k, filters),
            search=lambda query: self.retrieve(query, article_ids, k, filters),
            cite=self._cite,
            article_text=self.article_text,
        )

    def article_text(self, article_id: str) -> str:
        return f"{a.title}\n{a.text}" if (a := self.registry.get(article_id)) else ""

    def count_in(self, question: str, reply: Reply, docs: Sequence[Document]) -> str | None:
        """The passages' count of the thing a how-many question asks about, to answer with in place
        of the model's reply (counts.py), or None. Not when the model was not asked because no answer
        could pass the gate: that abstention stands."""
        if reply.hopeless:
            return None
        answer = reply.text.strip()
        # An answer of markers alone ("[1] [2]", which the model sometimes writes when asked
        # again) says nothing: an abstention too.
        abstained = says_no(answer) or not strip_markers(answer).strip()
        return count_answer(self.nlp, question, answer, abstained, docs)

    def finish(
        self, question: str, reply: Reply, docs: list[Document], carried: frozenset[str] = frozenset()
    ) -> Answer:
        docs = list(reply.docs) or docs  # the passages the reply was written over
        counted = self.count_in(question, reply, docs)
        answer = as_written(counted or reply.text.strip(), docs)  # amounts as the article writes them
        yearly = None if counted else for_asked_year(question, answer, docs)  # another year's figure?
        if yearly == REFUSED:
            return abstention()
        answer = yearly or answer
        # An answer given only when asked again, after the model said the articles do not say, must
        # rest on a sentence that speaks of the question more fully (calibrated: support.py).
        gate = MIN_SUPPORT_AGAIN if reply.asked_again and not counted else MIN_SUPPORT
        if self.of_another(question, answer, docs, counted=bool(counted)) or abstains(
            question, answer, docs, gate, carried
        ):
            # What did it cost: the model abstained, or its amount was refused ("dollars 18m", another
            # film's budget); the one amount of the sentence that speaks of the question may answer,
            # and the one score for a score asked ("1" refused for "1-0": scores.py).
            settled = (
                None
                if reply.hopeless or counted
                else sole_amount(question, docs) or sole_score(question, docs)
            )
            if (
                settled is None
                or self.of_another(question, settled, docs)
                or abstains(question, settled, docs, carried=carried)
            ):
                return abstention()
            answer = settled
        answer, used = marked(answer, docs)
        citations = [
            c for n, old in enumerate(used, 1) if (c := self._cite(n, docs[old - 1], answer, question))
        ]
        return Answer(answer=answer, citations=citations, abstained=False)

    def of_another(self, question: str, answer: str, docs: Sequence[Document], counted: bool = False) -> bool:
        """Whether the answer speaks of another thing (qualifiers.py; not asked of a count the passages
        settled) or of another subject (subjects.py: an article that never names the storm asked)."""
        return (not counted and of_another_thing(self.nlp, question, answer, docs)) or unnamed_by_articles(
            question, answer, docs, self.article_text
        )

    def _cite(self, n: int, doc: Document, answer: str, question: str) -> Citation | None:
        article = self.registry.get(str(doc.metadata.get("article_id")))
        if article is None:
            return None
        quote = best_sentence(doc, answer, question)
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


def abstention() -> Answer:
    return Answer(answer=ABSTENTION, citations=[], abstained=True)
