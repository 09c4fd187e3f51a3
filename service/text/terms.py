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
# Question words that are the question's form, not its subject: "In which place...", "How old...".
FORM_WORDS = frozenset(
    "what which who whom whose when where why how many much long old date year time take place amount money "
    "number must should might shall".split()
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


# Past forms no suffix rule reaches: "How much did he pay back?" is answered by "he paid the pounds
# 180 back", "How many did it sell?" by "it sold 40,000". Verbs news reports use for what happened.
_IRREGULAR = {
    past: forms[0]
    for forms in (
        entry.split()
        for entry in (
            "pay paid, sell sold, buy bought, win won, lose lost, spend spent, make made, "
            "take took taken, give gave given, hold held, rise rose risen, fall fell fallen, "
            "grow grew grown, begin began begun, run ran, tell told, bring brought, build built, "
            "send sent, meet met, find found, keep kept, choose chose chosen, steal stole stolen, "
            "strike struck, drive drove driven, write wrote written, go went gone, see saw seen, "
            "come came, become became, get got gotten, know knew known, fly flew flown, fight fought, "
            "catch caught, teach taught, seek sought, lend lent, speak spoke spoken, break broke broken, "
            "draw drew drawn, throw threw thrown, withdraw withdrew withdrawn, "
            "overtake overtook overtaken, sink sank sunk, shrink shrank shrunk, freeze froze frozen, "
            "lead led, leave left, feel felt, bear bore borne, swing swung, sing sang sung, "
        ).split(", ")
        if entry
    )
    for past in forms[1:]
}


def subject_stems(question: str) -> set[str]:
    """A question's stems without its form words: what it asks about, not how it asks."""
    return {stem(t) for t in tokenize(question) if t not in FORM_WORDS}


def stem(word: str) -> str:
    """A rougher match than the plural strip, for comparing an answer's words with a question's.
    A final "e" goes too, so "base" meets "based" and "raise" meets "raised"; an irregular past
    meets its verb ("paid" is "pay")."""
    word = _IRREGULAR.get(word, word)
    root = re.sub(r"(ing|ed|es|s)$", "", word) if len(word) > 4 else word
    return root.removesuffix("e") if len(root) > 2 else root
