"""Numbers as news prose writes them: finding every numeric mention, and comparing two by value.

"84", "eighty-four", "more than 300", "12,500", "pounds 3.5bn", "6-6.5%", "three" all parse; a count
matches a quote when every value in the count appears among the quote's values."""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.sentences import at_sentence_start

# Part of the summary cache key: a change to what counts as a mention or a name makes new summaries.
CANDIDATES_VERSION = "5"

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
# Ordinals from "fourth" up: "Brown's ninth Budget" is a count; "first", "second" and "third" are
# nearly always sequence words ("first half", "third quarter") and stay out.
_ORDINALS = {
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
}
_ORDINAL = rf"(?:\d+(?:st|nd|rd|th)|{'|'.join(_ORDINALS)})"
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_DOZEN = {"dozen": 12, "dozens": 12}

_WORD = "|".join(sorted([*_UNITS, *_TENS], key=len, reverse=True))
_NUMBER_WORDS = (
    rf"(?:(?:{_WORD})(?:[- ](?:{_WORD}))?(?:\s+(?:hundred|thousand|million|billion))?|a\s+dozen|dozens)"
)
_DIGITS = r"\d+(?:[.,]\d+)*"
_QUALIFIER = (
    r"(?:more than|over|nearly|almost|about|around|at least|up to|less than|fewer than|some|roughly|"
    r"approximately|just over|just under|under)\s+"
)
_CURRENCY = r"(?:dollars|pounds|euros|yen|rupees|[$£€¥])\s?"
_SUFFIX = (
    r"(?:\s?(?:%|per cent|percent|bn|m|k|tn|billion|million|trillion|thousand)\b|%|(?<=\d)p\b"
    # a unit of measure written onto the digits ("9.4km", "94mph"): without it "9.4km" read as "9"
    r"|(?<=\d)(?:km|mph|kph|kg|cm|mm|ft|mw|gw|kw|kwh|mwh|ha|lbs?|oz|mi)\b)?"
    r"(?:\s(?:yen|reais|euros|yuan|rupees|dollars|pounds)\b|-(?:day|week|month|year|hour|minute|mile)\b)?"
)
MENTION = re.compile(
    rf"(?<![\w.])(?:{_QUALIFIER})?(?:{_CURRENCY})?"
    rf"(?:{_ORDINAL}|{_DIGITS}(?:\s?-\s?{_DIGITS})?|{_NUMBER_WORDS}){_SUFFIX}(?![\w])",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)(?:\s?-\s?(?:\d\d|1[89]\d\d|20\d\d))?$")  # 2004, 1994-96
_QUALIFIER_RE = re.compile(rf"^{_QUALIFIER}", re.IGNORECASE)
_CLOCK = re.compile(r"^\s*(?:GMT|BST|CET|UTC|EST|PST|hrs|hours GMT)\b")
# More days of a list that ends in a month: ", 19, 25 and 26 July", " to 24 August".
_DAY_LIST = r"(?:\s*(?:,|and|to|-|\u2013)\s*\d{1,2}(?:st|nd|rd|th)?)*"
# An ordinal that places a moment in a match or in history: "the 12th minute", "the 19th century", or
# "in the 58th." (the unit said before). "Its 20th year" or "the fifth day" also tell how long: kept.
_TIME_UNIT = r"\s*(?:minute|second|century|centuries)s?\b"
# The month names, lower case: the one list the answer checks and the count rules also read.
MONTH_NAMES = tuple(
    "january february march april may june july august september october november december".split()
)
_MONTHS = rf"(?:{'|'.join(MONTH_NAMES)})"


@dataclass(frozen=True)
class Mention:
    text: str  # as written, qualifier and currency included
    start: int
    end: int


def _word_value(words: str) -> float | None:
    total, current = 0.0, 0.0
    seen = False
    for word in re.split(r"[\s-]+", words.lower()):
        if word in ("a", "and", ""):
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word in _DOZEN:
            current = (current or 1) * 12
        elif word in _SCALES:
            current = (current or 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


def values(text: str) -> set[float]:
    """Every number value in a piece of text: digits (thousands separators ignored) and words."""
    found: set[float] = set()
    for digits in re.findall(r"\d+(?:,\d{3})*(?:\.\d+)?", text):
        found.add(float(digits.replace(",", "")))
    for match in re.finditer(_NUMBER_WORDS, text, re.IGNORECASE):
        before = text[max(0, match.start() - 1) : match.start()]
        if before.isalpha():
            continue
        value = _word_value(match.group(0))
        if value is not None:
            found.add(value)
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in _ORDINALS:
            found.add(float(_ORDINALS[word]))
    return found


def count_in_quote(count: str, quote: str) -> bool:
    wanted = values(count)
    return bool(wanted) and wanted <= values(quote)


def is_count_like(name: str) -> bool:
    """A `who` or `where` entry that is really a count ("84 women", "three minors")."""
    return bool(values(name)) and bool(
        re.match(rf"^\s*(?:{_QUALIFIER})?(?:{_DIGITS}|{_NUMBER_WORDS})\b", name, re.I)
    )


def _is_conversion(text: str, start: int, raw: str) -> bool:
    """ "(pounds 97m)" or "(dollars 332; pounds 179.3)" right after a figure restates it in other
    currencies: not a figure of its own."""
    if not re.search(_CURRENCY, raw, re.IGNORECASE):
        return False
    opened = text.rfind("(", max(0, start - 40), start)
    if opened < 0 or ")" in text[opened:start]:
        return False
    inside = text[opened + 1 : start]
    return (
        re.fullmatch(r"(?:[^();]*;\s*)*", inside) is not None
        and re.search(
            r"\d[\w%]*(?:\s(?:yen|reais|euros|yuan|rupees))?\s*$", text[max(0, opened - 30) : opened]
        )
        is not None
    )


_HOUR = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_DAYPART = r"(?:morning|afternoon|evening|night)"
_AFTER_HOUR = (
    rf"\s+(?:o'clock|[ap]\.?m\b|in the {_DAYPART}|(?:on \w+|this|that|each|every) {_DAYPART}|at night)"
)


def _is_hour_in_words(text: str, start: int, end: int, core: str) -> bool:
    """An hour of the day written in words after "at", "until", "after"...: with the part of the day
    ("after ten in the evening"), or closing its clause after "until", "after" or "before"."""
    if not re.fullmatch(_HOUR, core, re.IGNORECASE):
        return False
    before = text[max(0, start - 8) : start].lower()
    if not re.search(r"\b(?:at|by|until|till|after|before|from)\s+$", before):
        return False
    closes = re.match(r"[.,;]", text[end : end + 1]) and re.search(
        r"\b(?:until|till|after|before)\s+$", before
    )
    return bool(re.match(_AFTER_HOUR, text[end : end + 30], re.IGNORECASE) or closes)


def _is_clock_in_digits(text: str, start: int, end: int, bare: str) -> bool:
    """A time of day in digits: "1230 GMT", either half of "12:30", "10.40pm" (once read as the count
    "about 10"), "7.30 p.m.", "10 am"."""
    return bool(
        (re.match(r"^\d{3,4}$", bare) and _CLOCK.match(text[end : end + 12]))
        or re.match(r":\d", text[end:])
        or re.search(r"\d:$", text[max(0, start - 2) : start])
        or (
            re.match(r"^\d{1,2}(?:[.:]\d{2})?$", bare)
            and re.match(r"(?:[.:]\d{2})?\s?[ap]\.?m\b", text[end : end + 9], re.I)
        )
    )


def _is_not_a_count(text: str, match: re.Match[str], core: str) -> str | None:
    """Why a numeric mention is no count (a year, a date, a clock time, a product code, part of a
    name, a currency conversion), or None when it may be one."""
    bare = _QUALIFIER_RE.sub("", core)
    start, end = match.start(), match.start() + len(core)
    after = text[end : end + 12].lower()
    before = text[max(0, start - 12) : start].lower()
    if _YEAR.match(bare):
        return "year"
    if re.match(r"^\d{1,2}$", bare) and (
        re.search(rf"{_MONTHS}\s*$", before)
        or re.match(rf"{_DAY_LIST}\s*{_MONTHS}", text[end : end + 40].lower())
    ):
        return "day of a month"  # "on 18 July", also "on 18, 19 and 25 July", "from 21 to 24 August"
    if re.match(r"^\d+(?:st|nd|rd|th)$", bare) and (
        re.match(_TIME_UNIT, text[end : end + 12].lower())
        or (before.endswith("in the ") and re.match(r"\s*[.,;)]", after))
    ):
        return "point in time"  # "in the 12th minute", "the 19th century", "and Wilk in the 58th."
    if _is_clock_in_digits(text, start, end, bare) or _is_hour_in_words(text, start, end, core):
        return "clock time"
    if re.match(r"-[a-z]", text[end : end + 2]):
        return "compound word"  # two-way, one-off, 13-man (a -day/-month/-year span is kept whole)
    if re.search(r"[A-Za-z]-$", text[max(0, start - 3) : start]):
        return "product code"  # YH-999, F-16
    capitalised_words = core[0].isupper() and re.fullmatch(_NUMBER_WORDS, core, re.IGNORECASE)
    if capitalised_words and not at_sentence_start(text, start):
        return "part of a name"  # Six Nations, BBC One
    if re.match(r"\s+(?:years?|months?|weeks?|days?|decades?)\s+ago\b", text[end : end + 24].lower()):
        return "time reference"  # "two years ago" dates an event, it counts nothing
    if core.lower() in ("one", "a dozen") and re.match(r"\s+(of|another|day|thing|way)\b", after):
        return "pronoun"  # "one of the most feared", "one another"
    if _is_conversion(text, start, core):
        return "conversion"
    return None


def find_mentions(text: str) -> list[Mention]:
    """Numeric mentions that could be counts (see `_is_not_a_count` for what is left out)."""
    mentions = []
    for match in MENTION.finditer(text):
        core = match.group(0).strip()
        if _is_not_a_count(text, match, core) is None:
            mentions.append(Mention(core, match.start(), match.start() + len(core)))
    return mentions


_CURRENCIES = {
    "dollar": "$", "$": "$", "pound": "£", "£": "£", "euro": "€", "€": "€", "yen": "¥", "¥": "¥",
    "real": "R$", "reais": "R$", "rupee": "₹", "yuan": "CN¥",
}  # fmt: skip


def currency(text: str) -> str | None:
    """The currency a mention of money is written in, as a symbol ("dollars 7,000" and "$7,000":
    "$"); None for a figure that is no money."""
    lowered = text.lower()
    return next((c for key, c in _CURRENCIES.items() if key in lowered), None)


def money(text: str) -> set[tuple[str, float]]:
    """(currency, value) of every amount of money in a text: "dollars 7,000" and "$7,000" are one."""
    found = set()
    for mention in find_mentions(text):
        unit = currency(mention.text)
        if unit is not None:
            found |= {(unit, v) for v in values(mention.text)}
    return found
