"""MiniLM's WordPiece tokenizer, for embedding (truncated at the window, padded per batch) and for
counting the tokens the chunker budgets with."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from index.checksums import verify
from index.weights import PINNED_SHA256, model_dir

MAX_TOKENS = 256  # MiniLM's window, [CLS] and [SEP] included


def load_tokenizer(with_limits: bool = True) -> Any:
    from tokenizers import Tokenizer

    path = model_dir() / "tokenizer.json"
    verify(path, PINNED_SHA256["tokenizer.json"])
    tokenizer = Tokenizer.from_file(str(path))
    if with_limits:
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # pads to the batch's longest
    else:
        tokenizer.no_truncation()
        tokenizer.no_padding()
    return tokenizer


class TokenCounter:
    """Counts embedder tokens of texts, without [CLS]/[SEP]: what the chunker budgets with."""

    def __init__(self) -> None:
        self._tokenizer = load_tokenizer(with_limits=False)

    def __call__(self, texts: Sequence[str]) -> list[int]:
        if not texts:
            return []
        return [len(e.ids) for e in self._tokenizer.encode_batch(list(texts), add_special_tokens=False)]
