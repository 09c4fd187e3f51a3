"""The language of news prose, as pure functions: numbers and what they count (numbers.py), names
(names.py), and the one tokenizer with its stop words (terms.py). Used by retrieval, answers,
summaries and the eval alike."""

from service.text.names import find_names, is_demonym, known_places
from service.text.numbers import Mention, count_in_quote, find_mentions, is_count_like, values
from service.text.terms import STOPWORDS, stem, stems, tokenize, words

__all__ = [
    "STOPWORDS",
    "Mention",
    "count_in_quote",
    "find_mentions",
    "find_names",
    "is_count_like",
    "is_demonym",
    "known_places",
    "stem",
    "stems",
    "tokenize",
    "values",
    "words",
]
