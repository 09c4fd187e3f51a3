"""Retrieval: filters, keyword search (BM25 in process, or Postgres full text) and the hybrid retriever
that fuses it with Chroma's dense search. The one tokenizer they index with lives in service/text/terms.py."""

from service.retrieval.filters import Filters
from service.retrieval.fulltext import FullTextSearch
from service.retrieval.hybrid import HybridRetriever, rrf
from service.retrieval.keyword import KeywordIndex

__all__ = ["Filters", "FullTextSearch", "HybridRetriever", "KeywordIndex", "rrf"]
