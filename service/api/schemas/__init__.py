"""HTTP schemas, in families: articles (ArticleIn/ArticleOut...), answers (AskIn/AskOut), chat
(ChatIn/ChatOut and the OpenAI request shape), summaries (Summary and its items), feeds
(FeedIn/FeedOut, PollOut)."""

from service.api.schemas.answers import AskIn, AskOut, Citation
from service.api.schemas.articles import (
    ArticleDetail,
    ArticleIn,
    ArticleOut,
    ArticlePage,
    ArticleUrlIn,
    IngestedOut,
    IngestOut,
)
from service.api.schemas.chat import ChatFilters, ChatIn, ChatMessage, ChatOut, CompletionIn, OpenAIMessage
from service.api.schemas.feeds import FeedIn, FeedList, FeedOut, ItemOut, PollOut
from service.summaries import CountItem, Summary, WhereItem, WhoItem

__all__ = [
    "ArticleDetail",
    "ArticleIn",
    "ArticleOut",
    "ArticlePage",
    "ArticleUrlIn",
    "AskIn",
    "AskOut",
    "ChatFilters",
    "ChatIn",
    "ChatMessage",
    "ChatOut",
    "Citation",
    "CompletionIn",
    "CountItem",
    "FeedIn",
    "FeedList",
    "FeedOut",
    "IngestOut",
    "IngestedOut",
    "ItemOut",
    "OpenAIMessage",
    "PollOut",
    "Summary",
    "WhereItem",
    "WhoItem",
]
