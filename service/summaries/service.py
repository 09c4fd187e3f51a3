"""Summaries: an article's brief (who, what, where, how many), each item quoted from the article and
verified, made with one short model call and cached.

Flow for one article: spaCy reads the whole article (facts.py: every count with what it counts,
every name with its kind); the brief's counts, actors and places are chosen by rule
(selection.py); the model reads the title and the opening and writes one sentence, the `what`
(chain.py); the facts become items with their sentences (draft.py); every item is
verified against the article (grounding.py), the sentence is checked, and the brief is cached
under the article's content hash, the prompt version, the facts version and the model.

`prepare` (what the call is asked) and `finish` (sentence -> verified, cached Summary) are shared
by direct calls (`create`) and OpenAI's Batch API (service/batch/openai_batch.py), so a brief is
checked the same way whichever way its sentence arrived."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from index.registry import ArticleRecord, Registry
from service.articles.lookup import require_article
from service.errors import NotFound
from service.llm.calls import call_llm, translate
from service.llm.prompts import prompt_id
from service.llm.provider import LlmProvider
from service.summaries.chain import build_gist_chain, gist_request, parse_gist_response
from service.summaries.draft import check_what, picks_to_items
from service.summaries.facts import Facts, read_facts
from service.summaries.grounding import verify_items
from service.summaries.models import Summary
from service.summaries.selection import Picks, pick, prompt_inputs
from service.text.nlp import NewsNlp

# Part of the cache key: a change to how facts are read or chosen makes new briefs.
FACTS_VERSION = "spacy-en_core_web_sm-3.8.0/19"


@dataclass(frozen=True)
class Brief:
    """One article's facts and chosen items, and what the model is asked about them."""

    article: ArticleRecord
    facts: Facts
    picks: Picks
    inputs: dict[str, str]


class SummaryService:
    def __init__(self, registry: Registry, provider: LlmProvider, nlp: NewsNlp) -> None:
        self.registry = registry
        self.provider = provider
        self.nlp = nlp
        self._model = provider.chat_model(max_tokens=96)  # one sentence of at most 40 words
        self._chain = build_gist_chain(self._model)

    def cache_key(self, article: ArticleRecord) -> str:
        raw = f"{article.content_hash}|{prompt_id('summary')}|{FACTS_VERSION}|{self.provider.model_id}"
        return hashlib.sha256(raw.encode()).hexdigest()

    def stored(self, article_id: str) -> Summary:
        article = require_article(self.registry, article_id)
        body = self.registry.get_summary(self.cache_key(article))
        if body is None:
            raise NotFound(f"article {article_id!r} has no summary for its current text; POST to make one")
        return Summary.model_validate({**json.loads(body), "cached": True})

    def get_or_create(self, article_id: str) -> Summary:
        try:
            return self.stored(article_id)
        except NotFound:
            return self.create(article_id)

    def prepare(self, article: ArticleRecord) -> Brief:
        facts = read_facts(self.nlp.parse(article.text), article.text)
        picks = pick(facts)
        return Brief(article, facts, picks, prompt_inputs(article.title, article.text, facts))

    def create(self, article_id: str) -> Summary:
        brief = self.prepare(require_article(self.registry, article_id))
        return self.finish(brief, str(call_llm(self._chain, brief.inputs)))

    def batch_request(self, brief: Brief) -> dict[str, Any]:
        """The chat request `create` sends for this article, as a body for OpenAI's Batch API."""
        return gist_request(self._model, brief.inputs)

    def batch_draft(self, brief: Brief, body: dict[str, Any]) -> str:
        """A Batch API response body -> the sentence, read as a direct call reads it."""
        try:
            return parse_gist_response(self._model, body)
        except Exception as exc:
            raise translate(exc) from exc

    def finish(self, brief: Brief, what: str) -> Summary:
        """The model's sentence -> the verified Summary, stored in the cache. Both the direct path
        and the Batch API path end here, so both are verified alike. A sentence that does not hold
        up (a number the article does not hold, over 40 words) is replaced by the title, and counted
        in `dropped` like any item that fails verification."""
        article = brief.article
        items = picks_to_items(article.text, brief.facts, brief.picks)
        verified = verify_items(article.text, items.who, items.where, items.how_many)
        checked = check_what(what, article.text)
        summary = Summary(
            article_id=article.id,
            who=verified.who,
            what=checked or article.title,
            where=verified.where,
            how_many=verified.how_many,
            dropped=verified.dropped + (0 if checked else 1),
            model=self.provider.model_id,
            prompt_version=prompt_id("summary"),
        )
        self.registry.put_summary(
            self.cache_key(article), article.id, summary.model_dump_json(exclude={"cached"})
        )
        return summary
