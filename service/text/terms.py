"""The one tokenizer and the one stop-word list: what keyword search indexes, what sentence selection
matches on, what the answer checks compare and what the eval's name matching reads.

Tokens are lower-case words and numbers after `fold`; "186.3m" and "6-6.5%" keep their digits
together, "1,080" loses its separator, and a light plural strip lets "minors" meet "minor" (while
"women" stays itself)."""

from __future__ import annotations

import re

from index.clean import fold

STOPWORDS = frozenset(
    "a an the of in on at to for by with from and or but is are was were be been being it its this that "
    "these those as into than then there their they them he she his her we you i what which who whom "
    "whose when where why how did do does done has have had not no yes so such about over also according "
    "said says say will would could can may many much s among amongst during between within through across "
    "upon onto toward towards".split()
)
_TOKEN = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*[a-z%]*")


def tokenize(text: str) -> list[str]:
    """The text's tokens, in order, stop words left out."""
    out = []
    for token in _TOKEN.findall(fold(text)):
        if token in STOPWORDS:
            continue
        token = token.replace(",", "") if token[0].isdigit() else token
        if len(token) > 4 and token.endswith("s") and not token.endswith("ss") and token.isalpha():
            token = token[:-1]
        out.append(token)
    return out


def words(text: str) -> set[str]:
    """The text's distinct tokens."""
    return set(tokenize(text))


def stems(text: str) -> set[str]:
    """The text's distinct tokens, word forms folded ("coaches" is "coach")."""
    return {stem(t) for t in tokenize(text)}


def stem(word: str) -> str:
    """A rougher match than the plural strip, for comparing an answer's words with a question's.
    A final "e" goes too, so "base" meets "based" and "raise" meets "raised"."""
    root = re.sub(r"(ing|ed|es|s)$", "", word) if len(word) > 4 else word
    return root.removesuffix("e") if len(root) > 2 else root
