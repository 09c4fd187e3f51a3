"""Keyword search in Postgres: full text (`tsvector`, GIN) over the committed chunks, ranked by BM25
instead of a BM25 index rebuilt in every process.

The lexemes are the service's own tokens (service/text/terms.py: the same stop words, numbers and
plurals as the in-process BM25), written with each commit (index/shared/fulltext.py). Postgres' own
`ts_rank` has no idf: a chunk holding "women", "police" and "said" would outrank the one holding
"Tocoron", which is the whole point of keyword search here. So the query's terms are looked up in
`lexicon` (document frequencies kept by every commit) and each chunk is scored by Okapi BM25 (k1, b
as rank-bm25's): idf, the term frequencies the chunk keeps beside its tsvector, its length in
tokens against the average.

Matching is OR over the lexemes, as BM25's, but scoring every chunk that holds any query lexeme
costs time in proportion to them: at a million chunks a common lexeme is in a third of them. So the
rows scored are candidates, found by the GIN index, chosen from the lexemes' document frequencies
(`candidate_queries`): the chunks holding any of the rarer lexemes, as many as cover `CANDIDATES`
postings; when even the rarest lexeme is that common, the chunks holding the rarest two (or three,
...) together. A chunk left out holds only commoner lexemes, or fewer of the rare ones, and scores
below the candidates that hold them. (Lexemes that always occur together select more rows than
their frequencies predict: then the first `SCORED` rows found are scored, no more.) When the
candidates are fewer than asked for, the next, wider
query runs, up to every lexeme OR'd: on a small collection (the gold questions' few hundred chunks)
that first query is already every lexeme, and the ranking is BM25's over all of them. A filter by
article ids bounds the rows itself, so then every lexeme is a candidate at once."""

from __future__ import annotations

import json
import math
from collections import Counter
from typing import Any

from langchain_core.documents import Document
from sqlalchemy import text

from index.shared.database import Database
from service.retrieval.filters import Filters
from service.text.demonyms import with_pairs
from service.text.terms import tokenize

K1, B = 1.5, 0.75  # rank-bm25's BM25Okapi defaults, as the in-process index uses
CANDIDATES = 5_000  # rows a candidate query may select, by its lexemes' document frequencies
SCORED = 5_000  # rows scored at most per query, whatever the candidate query selects
POOL = 200  # of those, the best by BM25 with tf 1, ranked again with their term frequencies

_TERMS = text(
    """
    SELECT l.lexeme, l.df, s.chunks, s.tokens
    FROM lexicon AS l CROSS JOIN keyword_stats AS s
    WHERE l.lexeme = ANY(:terms) AND l.df > 0 AND s.id = 0
    """
)


def as_tsquery(lexemes: list[str]) -> str:
    """Lexemes, quoted as the tsquery input syntax wants them, OR'd."""
    return " | ".join("'" + lex.replace("\\", "\\\\").replace("'", "''") + "'" for lex in lexemes)


def idf(df: int, n: int) -> float:
    """Okapi idf; a lexeme in more than half the chunks gets a small positive weight, as rank-bm25
    gives its negative idfs (it uses a quarter of the mean idf; a constant is close enough here)."""
    return max(math.log((n - df + 0.5) / (df + 0.5)), 0.01) if n else 0.0


def candidate_queries(terms: list[tuple[str, int]], n: int, budget: int, filtered: bool) -> list[str]:
    """tsqueries selecting the rows to score, narrowest first; `terms` are (lexeme, df), rarest
    first, in a collection of `n` chunks."""
    lexemes, dfs = [t[0] for t in terms], [t[1] for t in terms]
    if filtered:
        return [as_tsquery(lexemes)]
    plans = []
    if dfs[0] > budget:  # every lexeme is common: rows holding the rarest ones together
        estimate, together = float(n), 0
        while together < len(terms) and estimate > budget:
            estimate *= dfs[together] / n
            together += 1
        plans += [" & ".join(as_tsquery([x]) for x in lexemes[:m]) for m in range(together, 1, -1)]
    covered, rare = 0, 0
    while rare < len(terms) and (rare == 0 or covered + dfs[rare] <= budget):
        covered += dfs[rare]
        rare += 1
    plans.append(as_tsquery(lexemes[:rare]))
    if rare < len(terms):
        plans.append(as_tsquery(lexemes))
    return plans


class FullTextSearch:
    def __init__(self, database: Database, candidates: int = CANDIDATES) -> None:
        self.db = database
        self.candidates = candidates

    def search(self, query: str, k: int, filters: Filters | None = None) -> list[Document]:
        filters = filters or Filters()
        asked = Counter(with_pairs(tokenize(query)))  # twice asked weighs twice, as in rank-bm25
        if not asked:
            return []
        rows: list[Any] = []
        with self.db.call("keyword search"), self.db.engine.connect() as conn:
            found = conn.execute(_TERMS, {"terms": list(asked)}).all()
            terms = sorted(found, key=lambda t: (t[1], t[0]))
            if not terms:
                return []
            n = int(terms[0][2])
            pairs = [(str(t[0]), int(t[1])) for t in terms]
            for candidates in candidate_queries(pairs, n, self.candidates, bool(filters.article_ids)):
                rows = list(conn.execute(*self._statement(terms, asked, candidates, k, filters)).all())
                if len(rows) >= k:
                    break
        return [Document(page_content=r.text, metadata=json.loads(r.metadata), id=r.id) for r in rows]

    @staticmethod
    def _statement(
        terms: list[Any], asked: Counter[str], candidates: str, k: int, filters: Filters
    ) -> tuple[Any, dict[str, Any]]:
        n, total_tokens = int(terms[0][2]), int(terms[0][3])
        params: dict[str, Any] = {"cand": candidates, "k": k, "avg": total_tokens / n if n else 1.0}
        rough, exact = [], []
        for i, (lexeme, df, *_) in enumerate(terms):
            params[f"t{i}"], params[f"l{i}"] = as_tsquery([lexeme]), lexeme
            params[f"w{i}"] = asked[lexeme] * idf(int(df), n) * (K1 + 1)
            # BM25's idf tf (k1 + 1) / (tf + K), K the chunk's length norm (kk below); `rough` takes
            # tf as 1 (one check of the tsvector), `exact` reads it from tfs (a JSONB lookup).
            holds = f"tsv @@ CAST(:t{i} AS tsquery)"
            tf = f"coalesce(CAST(tfs ->> :l{i} AS float8), 1.0)"
            rough.append(f"CASE WHEN {holds} THEN :w{i} / (1 + kk) ELSE 0 END")
            exact.append(f"CASE WHEN {holds} THEN :w{i} * {tf} / ({tf} + kk) ELSE 0 END")
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
        # Two stages: at most SCORED candidates (a bound on the work when a candidate query still
        # selects more: terms that always occur together defeat the independence estimate) ranked
        # with tf taken as 1, then the best POOL of them by BM25 itself. A chunk that a tf above 1
        # would lift into the top k from below the POOL-th is what this gives up; a collection of
        # up to POOL candidates (the gold questions' whole collection) is ranked exactly.
        norm = f"{K1} * ({1 - B} + {B} * tokens / CAST(:avg AS float8)) AS kk"
        sql = (
            f"WITH candidates AS (SELECT id, tsv, tfs, seq, {norm} FROM keyword_chunks "
            f"WHERE {' AND '.join(where)} LIMIT {SCORED}), "
            f"pool AS (SELECT id, tsv, tfs, seq, kk, {' + '.join(rough)} AS rough FROM candidates "
            f"ORDER BY rough DESC, seq LIMIT {POOL}), "
            f"best AS (SELECT id, seq, {' + '.join(exact)} AS score FROM pool ORDER BY score DESC, seq LIMIT :k) "
            "SELECT c.id, c.text, c.metadata FROM best JOIN keyword_chunks AS c USING (id) "
            "ORDER BY best.score DESC, best.seq"
        )
        return text(sql), params
