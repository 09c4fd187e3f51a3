"""Counts as the parse reads them: every numeric mention of a text with what it counts.

The mentions come from the project's own finder (numbers.py: "more than 300", "dollars 186.3m",
"three"), which already leaves out years, dates, clock times and codes; spaCy's parse (nlp.py)
adds what each one counts: the noun it modifies ("84 women"), with the verb that noun is the subject
or object of ("84 women were freed" -> "women freed"), or for an amount or a rate, the subject of
the verb it belongs to ("trade rose to dollars 186.3m" -> "trade rose"). It also marks the numbers
that are no fact of their own: a person's age, a breakdown given in apposition ("three minors - two
Venezuelans and one Peruvian"), a part of a group said in passing ("seven women, five of them
minors"), part of a name ("Xbox 2"), a number that names or grades one thing ("a 15 certificate",
"Sharp's 902 phone"). Summaries choose their how-many items from these; answers check that a
count answers the thing the question asks about."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from service.text.numbers import find_mentions


@dataclass(frozen=True)
class CountFact:
    text: str  # as written, qualifier included ("More than 300")
    start: int
    end: int
    of_what: str  # what it counts, from the parse ("police officers mobilized"); "" when unknown
    sentence: int  # index of its sentence in the article
    role: str  # the counted noun's part in its clause: "subject", "object", "other" or "name"
    kind: str  # "money", "percent" or "count"
    detail: bool  # no fact of its own: a breakdown in apposition ("three minors - two Venezuelans ..."),
    # a part of a group said in passing ("seven women, five of them minors"), or part of a name ("Xbox 2")
    context: str  # the words around it in its sentence, for a reader (or the model) to judge it
    age: bool  # "Marcus Delaney, 54, said": a person's age, not a fact of the story
    noun: str = ""  # the counted noun's lemma ("woman"); "" for amounts and rates
    verb: str = ""  # the lemma of the verb it belongs to ("free")
    phrase_end: int = -1  # where "84 women" ends in the text (-1: no counted noun)
    quoted: bool = False  # inside a quotation: a speaker's figure, not the reporter's
    history: bool = False  # told with how the company or place began, in a year: background


def sentence_of(offset: int, sentences: list[tuple[int, int]]) -> int:
    return next((i for i, (a, b) in enumerate(sentences) if a <= offset < b), len(sentences) - 1)


def noun_phrase(noun: Any) -> str:
    """The noun with its compounds and adjectives: "police officers", "average monthly salaries"."""
    left = [
        c
        for c in noun.children
        if c.dep_ in ("compound", "amod")
        and c.i < noun.i
        and not c.like_num
        and c.text != "%"  # "a 60% rise"
    ]
    return " ".join(t.text for t in sorted([*left, noun], key=lambda t: t.i))


_ROLES = {"nsubj": "subject", "nsubjpass": "subject", "dobj": "object"}


def _role(token: Any) -> str:
    return _ROLES.get(token.dep_, "other")


def _first_conjunct(noun: Any) -> Any:
    """ "230 homes and 40 businesses were flooded": the businesses are flooded too, so a conjunct
    takes the part its first conjunct plays in the clause."""
    while noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PROPN"):
        noun = noun.head
    return noun


def _partitive(number: Any) -> Any:
    """The noun of "four of its 31 hubs" (a number standing for part of a named group), or None."""
    for prep in number.children:
        if prep.lower_ == "of":
            whole = next((g for g in prep.children if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN")), None)
            if whole is not None:
                return whole
    return None


# Singular in form, plural in sense: "2,000 staff", "300 police", "40 cattle" are counts.
_COLLECTIVE = frozenset(
    "staff police personnel crew cattle sheep deer fish aircraft livestock people workforce".split()
)


def _designates(number: Any, noun: Any) -> bool:
    """ "a 15 certificate", "Sharp's 902 3G phone", "a 747 jet": a bare number in digits in front of
    one thing (a singular noun) names or grades it; a count would make its noun plural ("15
    films"). Words ("three tram lines", parsed with "tram" as the noun), units ("a 20cm tear") and
    collective nouns ("2,000 staff") are left as they are."""
    if not re.fullmatch(r"\d[\d,]*", number.text) or noun.i < number.i:
        return False
    return (noun.tag_ == "NN" and noun.lemma_.lower() not in _COLLECTIVE) or noun.text.isupper()


@dataclass(frozen=True)
class _Reading:
    of_what: str = ""
    role: str = "other"
    detail: bool = False
    noun: str = ""  # the counted noun's lemma ("woman"), or the adjective a group is named by
    verb: str = ""  # the lemma of the verb the counted noun belongs to ("free")
    phrase_end: int = -1  # where the counted noun phrase ends, as an offset into the text


def _counted(doc: Any, start: int, end: int) -> _Reading:
    """What the number at start:end counts, as the parse reads it."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return _Reading()
    if any(t.lower_ in _CURRENCIES or t.tag_ == "$" for t in span):
        return _amount(span)
    number = span[-1]
    noun = number.head if number.dep_ in ("nummod", "quantmod", "compound") else None
    if noun is not None and noun.pos_ == "PROPN" and noun.i < number.i:
        return _Reading(role="name", detail=True)  # "Xbox 2", "Apollo 11": part of a name, not a count
    if noun is not None and noun.pos_ in ("NOUN", "PROPN") and noun.i != number.i:
        if _designates(number, noun):
            return _Reading(role="name", detail=True)  # "a 15 certificate": a grade, not a count
        first = _first_conjunct(noun)
        verb, role = first.head, _role(first)
        breakdown = noun.dep_ == "appos" and any(c.dep_ == "nummod" for c in noun.head.children)
        phrase = noun_phrase(noun)
        if first.dep_ in ("nsubjpass", "dobj") and verb.tag_ in ("VBN", "VBD"):
            phrase = f"{phrase} {verb.text}"  # "women freed", "individuals arrested"
        verb_lemma = verb.lemma_ if verb.pos_ in ("VERB", "AUX") else ""
        end_at = noun.idx + len(noun.text)
        return _Reading(phrase, role, breakdown, noun.lemma_.lower(), verb_lemma, end_at)
    # "seven women, five of them minors": a part of a group already counted, given in passing. In a
    # clause of its own ("Four of them were under 18", "it owns four of them") it is a fact.
    if any(c.lower_ == "of" and any(g.pos_ == "PRON" for g in c.children) for c in number.children):
        if number.head.pos_ not in ("VERB", "AUX", "ADP"):
            return _Reading(detail=True)
        return _Reading(
            role=_role(number) if number.head.lemma_ != "be" else "other", verb=number.head.lemma_
        )
    # A number standing for what it counts: "Three of the nine libraries could close", "13,816 finished".
    # With "be" it sorts a group already counted ("13 are men", "94% of them are over 60"): no role.
    whole, role = _partitive(number), _role(number) if number.head.lemma_ != "be" else "other"
    if whole is not None:  # it counts a part of the whole's kind: "close two of its libraries"
        end_at = whole.idx + len(whole.text)
        return _Reading(
            f"{noun_phrase(whole)} {number.head.text}",
            role,
            False,
            whole.lemma_.lower(),
            number.head.lemma_,
            end_at,
        )
    if role != "other":
        return _Reading(number.head.text, role, verb=number.head.lemma_)
    clause = number
    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
        clause = clause.head
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.pos_ == "PRON":
        return _Reading(verb=clause.lemma_)
    return _Reading(of_what=f"{noun_phrase(subject)} {clause.text}", verb=clause.lemma_)


_CURRENCIES = frozenset("pounds pound dollars dollar euros euro yen reais rupees yuan".split())


def _amount(span: Any) -> _Reading:
    """An amount of money: the parse reads "pounds 4.2m" apart (the "m" as a verb), so its part in
    the clause is that of the amount's outermost word ("stole pounds 4.2m": the object of "stole")."""
    inside = range(span.start, span.end)
    root = min((t for t in span if t.head.i not in inside or t.head.i == t.i), key=lambda t: t.i)
    clause = root.head
    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
        clause = clause.head
    role = _role(root) if root.head.i == clause.i else "other"
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.pos_ == "PRON" or subject.i in inside:
        return _Reading(role=role, verb=clause.lemma_)
    return _Reading(f"{noun_phrase(subject)} {clause.text}", role, verb=clause.lemma_)


def _kind(text: str) -> str:
    if "%" in text or "per cent" in text or "percent" in text:
        return "percent"
    if any(c in text for c in "$£€¥") or any(
        w in text.lower() for w in ("dollar", "pound", "euro", "yen", "reais")
    ):
        return "money"
    return "count"


def _context(text: str, start: int, end: int, sentence: tuple[int, int], words: int = 5) -> str:
    """Up to `words` words each side of the number, within its sentence and clause."""
    before = re.split(r"[,;:()\u2014]", text[sentence[0] : start])[-1].split()[-words:]
    after = re.split(r"[,;:()\u2014]|\.(?!\d)", text[end : sentence[1]])[0].split()[:words]
    return " ".join([*before, text[start:end], *after])


def _is_quoted(text: str, start: int) -> bool:
    """An odd number of quotation marks between its paragraph's start and the number. (A quote that
    runs on into a new paragraph opens again there, as news style writes it.)"""
    before = text[text.rfind("\n", 0, start) + 1 : start]
    return before.count('"') % 2 == 1 or before.count("\u201c") > before.count("\u201d")


_AGE = re.compile(r"^\d{1,3}$")
# An age limit: "children under 10", "four of them were under 18", "those over 65". A bound on a bare
# number, after a word for people or a form of "be", is how old they are; "over 80 women were freed"
# (the bound counts a noun) or a bare "Over 80 were freed" (nothing before it) stays a count.
_AGE_BOUND = re.compile(r"^(?:under|over)\s+\d{1,3}$", re.IGNORECASE)
_AGE_GROUP = re.compile(
    r"\b(?:children|people|pupils|adults|those|anyone|everyone|women|men|girls|boys|patients|aged|"
    r"is|are|was|were|be|been)\s+$",
    re.IGNORECASE,
)


def _is_age(text: str, start: int, end: int, raw: str, noun: str = "") -> bool:
    """ "Jane Doe, 54, said", "a farmer aged 79", "some were 90 years old": how old a person is."""
    if _AGE_BOUND.match(raw):
        return noun in ("", "year") and bool(_AGE_GROUP.search(text[max(0, start - 12) : start]))
    if re.search(r"\baged (?:between |from )?(?:\w+ (?:and|to) )?$", text[max(0, start - 30) : start], re.I):
        return True  # "aged 79", "a baby aged eight months", "aged between 18 and 24", "aged 16 to 18"
    if not _AGE.match(raw):
        return False
    after_name = text[end : end + 1] == "," and bool(
        re.search(r"[A-Z][a-z]+, $", text[max(0, start - 30) : start])
    )
    return after_name or bool(re.match(r"[- ]years?[- ]old\b", text[end : end + 12]))


# How an organisation or a place came to be: "founded in 2020 by two graduates", "the site opened in
# 2021 at a cost of dollars 140m", "bought the brand in 2004 for pounds 120m". News tells this in the
# background paragraphs: the figures of it are history, not the story's.
_BEGINNINGS = frozenset("found establish form open build buy acquire launch create".split())
_YEAR_TOKEN = re.compile(r"^(?:1[89]|20)\d\d$")


def _is_history(doc: Any, start: int, end: int) -> bool:
    """The number belongs to a past-tense beginning ("founded", "opened", "bought") dated "in" a year."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    token = span.root
    for _ in range(8):  # up through its noun phrase and prepositions to the verb it belongs to
        if token.pos_ == "VERB" or token.head.i == token.i:
            break
        token = token.head
    if token.pos_ != "VERB" or token.tag_ not in ("VBD", "VBN") or token.lemma_ not in _BEGINNINGS:
        return False
    dated = [g for p in token.children if p.lower_ == "in" for g in p.children if g.dep_ == "pobj"]
    return any(_YEAR_TOKEN.match(g.text) for g in dated)


def count_facts(doc: Any, text: str, sentences: list[tuple[int, int]]) -> list[CountFact]:
    out = []
    for mention in find_mentions(text):
        reading = _counted(doc, mention.start, mention.end)
        sentence = sentence_of(mention.start, sentences)
        out.append(
            CountFact(
                text=mention.text,
                start=mention.start,
                end=mention.end,
                of_what=reading.of_what,
                sentence=sentence,
                role=reading.role,
                kind=_kind(mention.text),
                detail=reading.detail,
                context=_context(text, mention.start, mention.end, sentences[sentence]),
                age=_is_age(text, mention.start, mention.end, mention.text, reading.noun),
                noun=reading.noun,
                verb=reading.verb,
                phrase_end=reading.phrase_end,
                quoted=_is_quoted(text, mention.start),
                history=_is_history(doc, mention.start, mention.end),
            )
        )
    return _elided(out, text)


def _elided(facts: list[CountFact], text: str) -> list[CountFact]:
    """A bare number that is a clause's subject after "and" counts what the count before it in
    its sentence counts: "14,250 runners started the race and 13,816 finished", "63 runners were
    treated, and four were taken to hospital" (runners both)."""
    out: list[CountFact] = []
    for fact in facts:
        before = out[-1] if out else fact
        if (
            before.noun and not fact.noun and fact.role == "subject"
            and fact.kind == before.kind == "count" and fact.sentence == before.sentence
            and re.search(r"\b(?:and|but|while|whereas)\b", text[before.end : fact.start])
        ):  # fmt: skip
            counted = text[before.end : before.phrase_end].strip()
            fact = replace(fact, noun=before.noun, of_what=f"{counted} {fact.of_what}", phrase_end=fact.end)
        out.append(fact)
    return out
