"""Summaries: the brief of an article (who, what, where, how many), every item quoted from the
article and verified. facts.py reads the article with spaCy (naming.py: what a name is),
selection.py chooses the counts, actors and places by rule, chain.py asks the model for the gist,
draft.py turns the picks into quoted items, grounding.py verifies, service.py caches, render.py
writes Markdown."""

from service.summaries.models import CountItem, Summary, WhereItem, WhoItem
from service.summaries.render import summary_markdown
from service.summaries.service import Brief, SummaryService

__all__ = ["Brief", "CountItem", "Summary", "SummaryService", "WhereItem", "WhoItem", "summary_markdown"]
