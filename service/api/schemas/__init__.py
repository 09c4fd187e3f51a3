"""HTTP schemas, in families: articles (ArticleIn/ArticleOut...), answers (AskIn/AskOut), chat
(ChatIn/ChatOut and the OpenAI request shape), summaries (Summary and its items)."""

from service.api.schemas.answers import AskIn, AskOut, Citation
from service.api.schemas.articles import (
    ArticleDetail,
    ArticleIn,
    ArticleOut,
    ArticlePage,
    IngestedOut,
    IngestOut,
)
from service.api.schemas.chat import ChatFilters, ChatIn, ChatMessage, ChatOut, CompletionIn, OpenAIMessage
from service.summaries import CountItem, Summary, WhereItem, WhoItem

__all__ = [
    "ArticleDetail",
    "ArticleIn",
    "ArticleOut",
    "ArticlePage",
    "AskIn",
    "AskOut",
    "ChatFilters",
    "ChatIn",
    "ChatMessage",
    "ChatOut",
    "Citation",
    "CompletionIn",
    "CountItem",
    "IngestOut",
    "IngestedOut",
    "OpenAIMessage",
    "Summary",
    "WhereItem",
    "WhoItem",
]
