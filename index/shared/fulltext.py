"""The write side of Postgres full-text search: each committed chunk's text as a row of
`keyword_chunks`, with its terms from the service's tokenizer (so Postgres matches the tokens BM25
would; the `tsvector` is generated from them) and their frequencies, and the term statistics BM25
needs.

Called only inside the registry's transactions: the commit that makes an article visible replaces
its rows, and the delete that removes it removes them, so keyword search sees an article whole, in
the version the registry holds, or not at all. A version that never commits never gets rows, so
`Indexer.recover` has nothing to undo here. (The read side is service/retrieval/fulltext.py.)"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence

from sqlalchemy import Connection, insert, text

from index.rows import ChunkText
from index.shared.schema import keyword_chunks

# Every lexeme of the removed rows loses one document from its df; the collection shrinks.
_REMOVE = text(
    """
    WITH gone AS (DELETE FROM keyword_chunks WHERE article_id = ANY(:ids) RETURNING tsv, tokens),
    counts AS (SELECT u.lexeme, count(*) AS n FROM gone, unnest(gone.tsv) AS u GROUP BY u.lexeme),
    dropped AS (UPDATE lexicon SET df = lexicon.df - counts.n FROM counts WHERE lexicon.lexeme = counts.lexeme)
    UPDATE keyword_stats SET
        chunks = chunks - (SELECT count(*) FROM gone),
        tokens = tokens - (SELECT coalesce(sum(tokens), 0) FROM gone)
    WHERE id = 0
    """
)
# The rows just inserted for these articles add one document to each of their lexemes' df.
_COUNT = text(
    """
    WITH fresh AS (SELECT tsv, tokens FROM keyword_chunks WHERE article_id = ANY(:ids)),
    counts AS (SELECT u.lexeme, count(*) AS n FROM fresh, unnest(fresh.tsv) AS u GROUP BY u.lexeme),
    added AS (
        INSERT INTO lexicon (lexeme, df) SELECT lexeme, n FROM counts
        ON CONFLICT (lexeme) DO UPDATE SET df = lexicon.df + excluded.df
    )
    UPDATE keyword_stats SET
        chunks = chunks + (SELECT count(*) FROM fresh),
        tokens = tokens + (SELECT coalesce(sum(tokens), 0) FROM fresh)
    WHERE id = 0
    """
)


Tokenize = Callable[[str], list[str]]


def chunk_terms(text_: str, tokenize: Tokenize) -> tuple[str, dict[str, int], int]:
    """A chunk's `terms` (each once), `tfs` (the term frequency of each term it holds more than
    once: BM25 rewards them) and `tokens` (its length in tokens)."""
    counts = Counter(tokenize(text_))
    return " ".join(counts), {t: n for t, n in counts.items() if n > 1}, sum(counts.values())


def remove_chunks(conn: Connection, article_ids: Sequence[str]) -> None:
    conn.execute(_REMOVE, {"ids": list(article_ids)})


def replace_chunks(
    conn: Connection, article_ids: Sequence[str], chunks: Sequence[ChunkText], tokenize: Tokenize
) -> None:
    """The rows of `article_ids` become `chunks` (each article's committed version)."""
    remove_chunks(conn, article_ids)
    if not chunks:
        return
    rows = []
    for c in chunks:
        terms, tfs, tokens = chunk_terms(c.text, tokenize)
        rows.append(
            {
                "id": c.id,
                "article_id": c.metadata["article_id"],
                "text": c.text,
                "metadata": json.dumps(c.metadata),
                "source": c.metadata.get("source"),
                "published_ts": c.metadata.get("published_ts"),
                "terms": terms,
                "tfs": tfs,
                "tokens": tokens,
            }
        )
    conn.execute(insert(keyword_chunks), rows)
    conn.execute(_COUNT, {"ids": list(article_ids)})
