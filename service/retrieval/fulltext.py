"""Keyword search in Postgres: full text (`tsvector`, GIN) over the committed chunks, ranked by BM25
instead of a BM25 index rebuilt in every process.

Postgres' own `ts_rank` has no idf: a chunk holding "women", "police" and "said" would outrank the
one holding "Tocoron", which is the whole point of keyword search here. So the query's lexemes are
looked up in `lexicon` (document frequencies kept by every commit, index/shared/fulltext.py) and
each chunk is scored as BM25 with binary term frequency: the sum of the idf of the query lexemes it
holds, damped by its length in lexemes against the average (k1, b as rank-bm25's Okapi).

Matching is OR over the lexemes, as BM25's. At a million chunks a common lexeme matches a third of
them, and scoring a third of a million rows takes seconds; so the candidates are the chunks holding
the query's rarer lexemes, in order of df until `CANDIDATES` postings are covered (at least the
rarest). A chunk holding none of those holds only common lexemes and scores below every candidate
that holds a rare one; when the candidates are fewer than asked for, the search runs again over
every lexeme. A filter by article ids bounds the rows itself, so then every lexeme is a candidate."""

from __future__ import annotations

import json
import math
from typing import Any

from langchain_core.documents import Document
from sqlalchemy import text

from index.shared.database import Database
from service.retrieval.filters import Filters

K1, B = 1.5, 0.75  # rank-bm25's BM25Okapi defaults, as the in-process index uses
CANDIDATES = 20_000  # postings the candidate lexemes may cover before the common ones are left out

_TERMS = text(
    """
    SELECT u.lexeme, l.df, s.chunks, s.lexemes
    FROM unnest(to_tsvector('english', :q)) AS u
    JOIN lexicon AS l ON l.lexeme = u.lexeme
    CROSS JOIN keyword_stats AS s
    WHERE s.id = 0 AND l.df > 0
    """
)


def as_tsquery(lexemes: list[str]) -> str:
    """Lexemes, quoted as the tsquery input syntax wants them, OR'd."""
    return " | ".join("'" + lex.replace("\\", "\\\\").replace("'", "''") + "'" for lex in lexemes)


def idf(df: int, n: int) -> float:
    """Okapi idf; a lexeme in more than half the chunks gets a small positive weight, as rank-bm25
    gives its negative idfs (it uses a quarter of the mean idf; a constant is close enough here)."""
    return max(math.log((n - df + 0.5) / (df + 0.5)), 0.01) if n else 0.0


class FullTextSearch:
    def __init__(self, database: Database, candidates: int = CANDIDATES) -> None:
        self.db = database
        self.candidates = candidates

    def search(self, query: str, k: int, filters: Filters | None = None) -> list[Document]:
        filters = filters or Filters()
        with self.db.call("keyword search"), self.db.engine.connect() as conn:
            terms = sorted(conn.execute(_TERMS, {"q": query}).all(), key=lambda t: (t[1], t[0]))
            if not terms:
                return []
            chosen = len(terms)
            if not filters.article_ids:
                covered, chosen = 0, 0
                while chosen < len(terms) and (chosen == 0 or covered + terms[chosen][1] <= self.candidates):
                    covered += terms[chosen][1]
                    chosen += 1
            rows = conn.execute(*self._statement(terms, terms[:chosen], k, filters)).all()
            if len(rows) < k and chosen < len(terms):
                rows = conn.execute(*self._statement(terms, terms, k, filters)).all()
        return [Document(page_content=r.text, metadata=json.loads(r.metadata), id=r.id) for r in rows]

    @staticmethod
    def _statement(
        terms: list[Any], candidates: list[Any], k: int, filters: Filters
    ) -> tuple[Any, dict[str, Any]]:
        n, total_lexemes = int(terms[0][2]), int(terms[0][3])
        params: dict[str, Any] = {"cand": as_tsquery([t[0] for t in candidates]), "k": k}
        params["avg"] = total_lexemes / n if n else 1.0
        weights = []
        for i, (lexeme, df, *_) in enumerate(terms):
            params[f"t{i}"], params[f"w{i}"] = as_tsquery([lexeme]), idf(int(df), n)
            weights.append(f"CASE WHEN tsv @@ CAST(:t{i} AS tsquery) THEN :w{i} ELSE 0 END")
        where = ["tsv @@ CAST(:cand AS tsquery)"]
        if filters.article_ids:
            where.append("article_id = ANY(:ids)")
            params["ids"] = list(filters.article_ids)
        if filters.sources:
            where.append("source = ANY(:sources)")
            params["sources"] = list(filters.sources)
        low, high = filters.bounds()
        if low is not None:
            where.append("published_ts >= :low")
            params["low"] = low
        if high is not None:
            where.append("published_ts <= :high")
            params["high"] = high
        score = f"({' + '.join(weights)}) * {K1 + 1} / (1 + {K1} * ({1 - B} + {B} * length(tsv) / CAST(:avg AS float8)))"
        sql = (
            f"SELECT id, text, metadata, {score} AS score FROM keyword_chunks "
            f"WHERE {' AND '.join(where)} ORDER BY score DESC, id LIMIT :k"
        )
        return text(sql), params
