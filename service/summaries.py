"""Summaries: prompt inputs, the LLM draft turned into quoted items, verification, map-reduce, cache.

Flow for one article: number mentions are found and tagged in the text (N1, N2, ...), the summary
chain returns a draft, each draft item gets the article sentence it rests on, and
`grounding.verify_items` drops what does not stand in the article. Articles longer than one model
context are split into sections (map), merged with de-duplication, and their one-sentence gists
collapsed in groups until one is left (reduce), which always terminates.

`section_inputs` (what a section's call is asked) and `SummaryService.finish` (drafts -> verified,
cached Summary) are shared by direct calls (`create`) and OpenAI's Batch API (service.openai_batch),
so a summary is checked the same way whichever way its draft arrived."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from index.registry import ArticleRecord, Registry
from index.sentences import split_sentences
from service.chains.summary import (
    build_collapse_chain,
    build_summary_chain,
    parse_summary_response,
    summary_request,
    summary_schema,
)
from service.errors import LlmBadOutput, NotFound
from service.grounding import sentence_with, verify_items
from service.llm_calls import call_llm, translate
from service.numbers import CANDIDATES_VERSION, Mention, find_mentions, find_names
from service.prompts import prompt_id
from service.providers import LlmProvider
from service.schemas import CountItem, Summary, WhereItem, WhoItem

SECTION_CHARS = 12_000  # ~3k tokens of article per call: fits the 8k context with prompt and output
COLLAPSE_GROUP = 6


@dataclass
class SectionInput:
    text: str
    tagged: str
    numbers: str
    names: list[str]
    mentions: list[Mention]


def tag_numbers(text: str) -> SectionInput:
    """Mark each numeric mention in place, e.g. "84 (N3) women", so the model can pick counts by id."""
    mentions = find_mentions(text)
    pieces, last = [], 0
    for n, mention in enumerate(mentions, 1):
        pieces.append(text[last : mention.end])
        pieces.append(f" (N{n})")
        last = mention.end
    pieces.append(text[last:])
    listing = "\n".join(f"N{n}: {m.text}" for n, m in enumerate(mentions, 1)) or "(none)"
    return SectionInput(text, "".join(pieces), listing, find_names(text, limit=30), mentions)


def section_inputs(article: ArticleRecord, section: SectionInput) -> dict[str, str]:
    """The summary prompt's variables for one section (direct calls and Batch API lines alike)."""
    return {
        "title": article.title,
        "text": section.tagged,
        "numbers": section.numbers,
        "names": "\n".join(section.names) or "(none)",
    }


def split_sections(text: str, max_chars: int = SECTION_CHARS) -> list[str]:
    """Cut at sentence boundaries into pieces of at most max_chars (a longer sentence stands alone)."""
    sections: list[str] = []
    start = end = 0
    for span in split_sentences(text):
        if span.end - start > max_chars and end > start:
            sections.append(text[start:end])
            start = span.start
        end = span.end
    if end > start:
        sections.append(text[start:end])
    return sections


@lru_cache
def _word_list(name: str) -> frozenset[str]:
    lines = (Path(__file__).parent / "data" / name).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().casefold() for line in lines if line.strip() and not line.startswith("#"))


def known_places() -> frozenset[str]:
    return _word_list("places.txt")


def is_demonym(name: str) -> bool:
    """ "Pakistani", "Tutsis", "the Japanese": a nationality or group adjective, not a who."""
    folded = name.casefold().removeprefix("the ").strip()
    words = _word_list("demonyms.txt")
    return folded in words or (folded.endswith("s") and folded[:-1] in words)


_TAG = re.compile(r" \(N\d+\)")
MAX_COUNTS = 8


def draft_to_items(
    draft: dict[str, Any], section: SectionInput
) -> tuple[list[WhoItem], list[WhereItem], list[CountItem], int]:
    """Attach to each draft item the sentence it rests on; items with no such sentence are dropped."""
    sentences = split_sentences(section.text)
    dropped = 0
    who, where, how_many = [], [], []
    verdicts = draft.get("names") or {}
    named = [(str(k).strip(), v) for k, v in verdicts.items()]
    named += [(n.strip(), "person") for n in draft.get("more_who") or [] if isinstance(n, str)]
    for name, kind in named:
        if is_demonym(name):
            kind = "other"  # small models call nationalities people
        elif name.casefold() in known_places():
            kind = "place"  # small models call countries people; a gazetteer settles the obvious ones
        if kind not in ("person", "organisation", "place"):
            continue
        quote = sentence_with(section.text, name, sentences)
        if quote is None:
            dropped += 1
        elif kind == "place":
            where.append(WhereItem(place=name, quote=quote))
        else:
            who.append(WhoItem(name=name, role=kind, quote=quote))
    numbers = draft.get("numbers") or {}
    for key, verdict in numbers.items():
        index = str(key).strip().upper().lstrip("N")
        if not isinstance(verdict, dict) or not verdict.get("salient"):
            continue
        if not index.isdigit() or not 1 <= int(index) <= len(section.mentions):
            dropped += 1
            continue
        mention = section.mentions[int(index) - 1]
        quote = next((s.text for s in sentences if s.start <= mention.start < s.end), None)
        if quote is None:
            dropped += 1
            continue
        how_many.append(
            CountItem(count=mention.text, of_what=str(verdict.get("of_what", "")).strip(), quote=quote)
        )
    return who, where, how_many[:MAX_COUNTS], dropped


class SummaryService:
    def __init__(self, registry: Registry, provider: LlmProvider, section_chars: int = SECTION_CHARS) -> None:
        self.registry = registry
        self.provider = provider
        self.section_chars = section_chars
        self._model = provider.chat_model(max_tokens=2048)
        self._collapse = build_collapse_chain(provider.chat_model(max_tokens=120))

    def cache_key(self, article: ArticleRecord) -> str:
        raw = f"{article.content_hash}|{prompt_id('summary')}|{CANDIDATES_VERSION}|{self.provider.model_id}"
        return hashlib.sha256(raw.encode()).hexdigest()

    def _article(self, article_id: str) -> ArticleRecord:
        article = self.registry.get(article_id)
        if article is None:
            raise NotFound(f"no article with id {article_id!r}")
        return article

    def stored(self, article_id: str) -> Summary:
        article = self._article(article_id)
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
        article = self._article(article_id)
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
            gists.append(_TAG.sub("", str(draft.get("what", ""))).strip())
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
