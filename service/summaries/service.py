"""Summaries: an article's sections go through the summary chain, the drafts become quoted items,
the items are verified, the one-sentence gists are collapsed, and the brief is cached.

Flow for one article: number mentions are found and tagged in the text (N1, N2, ...), the summary
chain returns a draft, each draft item gets the article sentence it rests on (draft.py), and
`grounding.verify_items` drops what does not stand in the article. Articles longer than one model
context are split into sections (map), merged with de-duplication, and their one-sentence gists
collapsed in groups until one is left (reduce), which always terminates.

`section_inputs` (what a section's call is asked) and `SummaryService.finish` (drafts -> verified,
cached Summary) are shared by direct calls (`create`) and OpenAI's Batch API (service.batch), so a
summary is checked the same way whichever way its draft arrived."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from langchain_core.runnables import Runnable

from index.registry import ArticleRecord, Registry
from service.articles.lookup import require_article
from service.errors import LlmBadOutput, NotFound
from service.llm.calls import call_llm, translate
from service.llm.prompts import prompt_id
from service.llm.provider import LlmProvider
from service.summaries.chain import (
    build_summary_chain,
    parse_summary_response,
    summary_request,
    summary_schema,
)
from service.summaries.draft import TAG, draft_to_items
from service.summaries.grounding import verify_items
from service.summaries.models import CountItem, Summary, WhereItem, WhoItem
from service.summaries.sections import (
    SECTION_CHARS,
    SectionInput,
    section_inputs,
    split_sections,
    tag_numbers,
)
from service.text.numbers import CANDIDATES_VERSION

COLLAPSE_GROUP = 6


class SummaryService:
    def __init__(
        self,
        registry: Registry,
        provider: LlmProvider,
        collapse: Runnable,
        section_chars: int = SECTION_CHARS,
    ) -> None:
        self.registry = registry
        self.provider = provider
        self.section_chars = section_chars
        self._model = provider.chat_model(max_tokens=2048)
        self._collapse = collapse

    def cache_key(self, article: ArticleRecord) -> str:
        raw = f"{article.content_hash}|{prompt_id('summary')}|{CANDIDATES_VERSION}|{self.provider.model_id}"
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

    def section_schema(self, section: SectionInput) -> dict[str, Any]:
        return summary_schema(section.names, len(section.mentions))

    def sections(self, article: ArticleRecord) -> list[SectionInput]:
        return [tag_numbers(text) for text in split_sections(article.text, self.section_chars)]

    def batch_request(self, article: ArticleRecord, section: SectionInput) -> dict[str, Any]:
        """The chat request `create` sends for this section, as a body for OpenAI's Batch API."""
        return summary_request(self._model, self.section_schema(section), section_inputs(article, section))

    def batch_draft(self, section: SectionInput, body: dict[str, Any]) -> Any:
        """A Batch API response body -> the draft, read by the same parser as a direct call."""
        try:
            return parse_summary_response(self._model, self.section_schema(section), body)
        except Exception as exc:
            raise translate(exc) from exc

    def create(self, article_id: str, on_section: Callable[[int, int], None] | None = None) -> Summary:
        article = require_article(self.registry, article_id)
        sections = self.sections(article)
        drafts: list[tuple[SectionInput, Any]] = []
        for n, section in enumerate(sections, 1):
            chain = build_summary_chain(self._model, self.section_schema(section))
            drafts.append((section, call_llm(chain, section_inputs(article, section))))
            if on_section:
                on_section(n, len(sections))
        return self.finish(article, drafts)

    def finish(self, article: ArticleRecord, drafts: list[tuple[SectionInput, Any]]) -> Summary:
        """Drafts of all an article's sections -> the verified Summary, stored in the cache. Both the
        direct path and the Batch API path end here, so both are verified alike."""
        who: list[WhoItem] = []
        where: list[WhereItem] = []
        how_many: list[CountItem] = []
        gists: list[str] = []
        dropped = 0
        for section, draft in drafts:
            if not isinstance(draft, dict):
                raise LlmBadOutput("the language model returned a summary that is not a JSON object")
            w, p, c, d = draft_to_items(draft, section)
            who, where, how_many, dropped = who + w, where + p, how_many + c, dropped + d
            gists.append(TAG.sub("", str(draft.get("what", ""))).strip())
        verified = verify_items(article.text, who, where, how_many)
        summary = Summary(
            article_id=article.id,
            who=verified.who,
            what=self.collapse(gists),  # one section: its gist as is, no model call
            where=verified.where,
            how_many=verified.how_many,
            dropped=dropped + verified.dropped,
            model=self.provider.model_id,
            prompt_version=prompt_id("summary"),
        )
        self.registry.put_summary(
            self.cache_key(article), article.id, summary.model_dump_json(exclude={"cached"})
        )
        return summary

    def collapse(self, gists: list[str]) -> str:
        gists = [g for g in gists if g]
        while len(gists) > 1:  # each round at least halves the list: terminates
            groups = [gists[i : i + COLLAPSE_GROUP] for i in range(0, len(gists), COLLAPSE_GROUP)]
            gists = [
                g[0] if len(g) == 1 else str(call_llm(self._collapse, {"sentences": "\n".join(g)})).strip()
                for g in groups
            ]
        return gists[0] if gists else ""
