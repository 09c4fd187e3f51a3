"""The times a text names: a month, a year, or a time counted from the day it was written.

News gives one figure per period ("2,918 burglaries in the 12 months to March, down from 3,394 the
year before"), and a question that names a period asks for that period's figure. A small model asked
"How many burglaries were there in 2010?" answers with the only figure it sees, from a sentence about
another year. So the answer checks (service/answers/checks.py) and the count shortcut
(service/answers/counts.py) ask: does the sentence an answer rests on name the time the question
names? Times are compared as written, lower-cased: an article without a publication date cannot say
which year "last year" was, and the shared sets carry none."""

from __future__ import annotations

import re

from index.clean import fold
from service.text.numbers import MONTH_NAMES

# Years as news writes them: 1500-2099 ("founded in 1889", "by 2030").
YEAR = r"(?:1[5-9]|20)\d\d"
# "May" is a month only capitalised: "how many jobs may go?" names no time.
_MONTHS = "|".join(f"(?i:{m})" if m != "may" else "May" for m in MONTH_NAMES)
_NAMED = re.compile(
    rf"\b(?:{_MONTHS}|{YEAR}|(?i:(?:last|this|next) (?:year|month|week|season)|yesterday|today))\b"
)


def named_times(text: str) -> set[str]:
    """The months, years and relative periods ("last year", "this season") a text names, lower-cased."""
    return {fold(t) for t in _NAMED.findall(text)}
