"""Summaries: an article's brief (who, what, where, how many), each item quoted from the article and
verified, made in one short model call and cached.

Flow for one article: spaCy reads the whole article (facts.py: every count with what it counts,
every name with its kind); the candidates are ranked and cut to fixed-size lists with ids
(candidates.py); the model reads the title, the opening and those lists and returns its picks and
one sentence (chain.py); the picks become items with their sentences (draft.py); every item is
verified against the article (grounding.py) and the brief is cached under the article's content
hash, the prompt version, the facts version and the model.

`prepare` (what the call is asked) and `finish` (draft -> verified, cached Summary) are shared by
direct calls (`create`) and OpenAI's Batch API (service/batch/openai_batch.py), so a brief is
checked the same way whichever way its draft arrived."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from index.registry import ArticleRecord, Registry
from service.articles.lookup import require_article
from service.errors import LlmBadOutput, NotFound
from service.llm.calls import call_llm, translate
from service.llm.prompts import prompt_id
from service.llm.provider import LlmProvider
from service.summaries.candidates import Candidates, choose, prompt_inputs
from service.summaries.chain import brief_request, brief_schema, build_brief_chain, parse_brief_response
from service.summaries.draft import draft_to_items
from service.summaries.facts import Facts, read_facts
from service.summaries.grounding import verify_items
from service.summaries.models import Summary
from service.text.nlp import NewsNlp

# Part of the cache key: a change to how facts are read or chosen makes new briefs.
FACTS_VERSION = "spacy-en_core_web_sm-3.8.0/1"


@dataclass(frozen=True)
class Brief:
    """Everything one model call needs for one article, and what its answer is read against."""

    article: ArticleRecord
    facts: Facts
    candidates: Candidates
    inputs: dict[str, str]
    schema: dict[str, Any]


class SummaryService:
    def __init__(self, registry: Registry, provider: LlmProvider, nlp: NewsNlp) -> None:
        self.registry = registry
        self.provider = provider
        self.nlp = nlp
        # The model writes a few dozen tokens: picks by id and one sentence.
        self._model = provider.chat_model(max_tokens=256)

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
        candidates = choose(facts)
        schema = brief_schema(candidates.counts, candidates.who, candidates.where)
        return Brief(article, facts, candidates, prompt_inputs(article.title, article.text, facts, candidates), schema)

    def create(self, article_id: str) -> Summary:
        brief = self.prepare(require_article(self.registry, article_id))
        return self.finish(brief, call_llm(build_brief_chain(self._model, brief.schema), brief.inputs))

    def batch_request(self, brief: Brief) -> dict[str, Any]:
        """The chat request `create` sends for this article, as a body for OpenAI's Batch API."""
        return brief_request(self._model, brief.schema, brief.inputs)

    def batch_draft(self, brief: Brief, body: dict[str, Any]) -> Any:
        """A Batch API response body -> the draft, read by the same parser as a direct call."""
        try:
            return parse_brief_response(self._model, brief.schema, body)
        except Exception as exc:
            raise translate(exc) from exc

    def finish(self, brief: Brief, draft: Any) -> Summary:
        """A draft -> the verified Summary, stored in the cache. Both the direct path and the Batch
        API path end here, so both are verified alike."""
        if not isinstance(draft, dict):
            raise LlmBadOutput("the language model returned a summary that is not a JSON object")
        article = brief.article
        items = draft_to_items(draft, article.text, article.title, brief.facts, brief.candidates)
        verified = verify_items(article.text, items.who, items.where, items.how_many)
        summary = Summary(
            article_id=article.id,
            who=verified.who,
            what=items.what,
            where=verified.where,
            how_many=verified.how_many,
            dropped=items.dropped + verified.dropped,
            model=self.provider.model_id,
            prompt_version=prompt_id("summary"),
        )
        self.registry.put_summary(self.cache_key(article), article.id, summary.model_dump_json(exclude={"cached"}))
        return summary
