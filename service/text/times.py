"""The times a text names: a month, a year, or a time counted from the day it was written.

News gives one figure per period ("2,918 burglaries in the 12 months to March, down from 3,394 the
year before"), and a question that names a period asks for that period's figure. A small model asked
"How many burglaries were there in 2010?" answers with the only figure it sees, from a sentence about
another year. So the answer checks (service/answers/checks.py) and the count shortcut
(service/answers/counts.py) ask: does the sentence an answer rests on name the time the question
names? Times are compared as written, lower-cased; an article with a publication date also names the
year its "last year" / "this year" / "next year" means ("Of last year's applicants, 2,990 were
unaccompanied children", published in 2005, answers "how many ... in 2004?"). The shared sets carry
no dates, so there only the written forms meet."""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.clean import fold
from service.text.numbers import MONTH_NAMES

# Years as news writes them: 1500-2099 ("founded in 1889", "by 2030").
YEAR = r"(?:1[5-9]|20)\d\d"
YEAR_WORD = re.compile(rf"\b{YEAR}\b")  # a year standing alone, not inside "12011"
# "May" is a month only capitalised: "how many jobs may go?" names no time.
_MONTHS = "|".join(f"(?i:{m})" if m != "may" else "May" for m in MONTH_NAMES)
_NAMED = re.compile(
    rf"\b(?:{_MONTHS}|{YEAR}|(?i:(?:last|this|next) (?:year|month|week|season)|yesterday|today))\b"
)


def named_times(text: str) -> set[str]:
    """The months, years and relative periods ("last year", "this season") a text names, lower-cased."""
    return {fold(t) for t in _NAMED.findall(text)}


# "has had financial problems since 2020 and recorded a deficit of 3.4m last year": the year after
# "since" is where a span began, not the period a figure of the sentence is for ("What deficit did
# it record in 2020?" is not answered by last year's).
_SINCE_YEAR = re.compile(rf"\bsince\s+{YEAR}\b", re.I)


def period_times(text: str, question: str) -> set[str]:
    """`named_times` of a sentence, less a year after "since" unless the question asks since when."""
    return named_times(text if _SINCE_YEAR.search(question) else _SINCE_YEAR.sub(" ", text))


def without_times(text: str) -> str:
    """The text with the times it names taken out: a sentence before one that names a year of its
    own does not date that one ("Barrantes won the title in 2002. Its prize money has risen to
    dollars 600,000 this year" gives no prize money of 2002). Months alone do not re-date a year
    ("In the final three months of the year ..., slower than between July and September")."""
    return _NAMED.sub(" ", text)


def names_a_year(text: str) -> bool:
    """Whether a text names a year: in digits, or as last / this / next year."""
    return any(t.isdigit() or t.endswith(" year") for t in named_times(text))


def names_asked_time(question: str, around: Sequence[str]) -> bool:
    """Whether a sentence an answer rests on, read with its context (service/answers/support.py
    `resting`), names every time the question names ("in 2010", "last year"): else the answer is
    another period's figure."""
    asked = named_times(question)
    return not asked or any(asked <= period_times(text, question) for text in around)


def without_asked_years(question: str, answer: str) -> str:
    """The answer without the years the question names, when it holds another number: "Kastner's
    operating profit in 2019 was 52m" rests on the sentence of its 52m, not on any that says 2019
    (the model restates the question's year, and a sentence naming it would let another year's
    figure through the time check)."""
    years = YEAR_WORD.findall(question)
    if not years:
        return answer
    rest = re.sub(rf"\b(?:{'|'.join(years)})\b", " ", answer)
    return rest if re.search(r"\d", rest) else answer


_RELATIVE_YEAR = re.compile(r"\b(last|this|next) year\b", re.I)
_OFFSET = {"last": -1, "this": 0, "next": 1}
_ISO_DATE = re.compile(r"\s*(\d{4})-(?:(\d{2})-(\d{2}))?")


def _published(published_at: object) -> re.Match[str] | None:
    """An ISO 8601 publication date read once for both helpers below: its year (group 1), and its
    month and day (groups 2 and 3) when it has them; None when it is missing."""
    return _ISO_DATE.match(str(published_at or ""))


def years_meant(text: str, published_at: object) -> str:
    """The years a text's "last year" / "this year" / "next year" mean, as "2004 2005" ("" when the
    text names none or its publication date is unknown)."""
    date = _published(published_at)
    if date is None:
        return ""
    return " ".join(str(int(date[1]) + _OFFSET[m.lower()]) for m in _RELATIVE_YEAR.findall(text))


def published_words(published_at: object) -> str:
    """A publication date as an article would write it ("19 November 2024"), "" when unknown: the
    passages the model reads carry their date, and so do the checks of its answer."""
    date = _published(published_at)
    if date is None or date[2] is None or not 1 <= int(date[2]) <= 12:
        return ""
    return f"{int(date[3])} {MONTH_NAMES[int(date[2]) - 1].title()} {date[1]}"


# A span of time that says how long, not when: "should last five years", "for two weeks". One that
# places a time stays: "in two years", "within a month", "after six weeks", "three days ago", "two
# weeks later". "When will Kestrel-2 be launched?" was answered "... should last five years instead
# of two" (own set, 2026-12-04), and "years" is a time word.
_DURATION = re.compile(
    r"(?<!\bin )(?<!\bwithin )(?<!\bafter )(?<!\bby )"
    r"\b(?:(?:last|lasts|lasted|lasting|for)\s+)?(?:\d[\d,.]*|a|an|one|two|three|four|five|six|seven|eight"
    r"|nine|ten|eleven|twelve|several|a few|few|many)\s+(?:more\s+)?(?:days?|weeks?|months?|years?|decades?)\b"
    r"(?!\s+(?:ago|later|earlier|before|after|from now|time|on|into)\b)(?!'s? time)",
    re.I,
)


def without_durations(text: str) -> str:
    """The text with its spans of time ("lasted five years") taken out, for a question of when."""
    return _DURATION.sub(" ", text)
