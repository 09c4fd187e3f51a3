"""Summaries: the brief of an article (who, what, where, how many), every item quoted from the
article and verified. sections.py cuts and tags the text, chain.py asks the model under a schema
built for the article, draft.py attaches sentences, grounding.py verifies, service.py caches and
collapses, render.py writes Markdown."""

from service.summaries.chain import build_collapse_chain
from service.summaries.models import CountItem, Summary, WhereItem, WhoItem
from service.summaries.render import summary_markdown
from service.summaries.sections import SectionInput
from service.summaries.service import SummaryService

__all__ = [
    "CountItem",
    "SectionInput",
    "Summary",
    "SummaryService",
    "WhereItem",
    "WhoItem",
    "build_collapse_chain",
    "summary_markdown",
]
