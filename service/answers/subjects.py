"""Do the articles an answer rests on name everything the question names?

Two storms hit the same coast three weeks apart. "How many schools closed during Storm Quillan?" was
answered "More than 120 schools" from the article on Storm Petronel, written before Quillan came: a
passage of it names "Storm" (support.py's `names_a_subject` wants one of the question's names), and the
sentence "More than 120 schools were closed on Monday" names no storm at all. An article that never
names Quillan cannot tell what Quillan did, so such an answer is refused.

The whole article is read (title and text), not the passage alone: a later paragraph seldom repeats
the name its first one gave ("The company said ..."). A name is met by its stem ("British" by
"Britain", support.py `meets_name`), an acronym also by the initials of a run of capitalised words
("FCC" by "Federal Communications Commission").

Read offline before it was wired in (2026-12-04, twelfth session): of the 514 answerable questions of
the dev, tune, own and held-out sets, every one's names stand in its own article, FCC by its initials.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from langchain_core.documents import Document

from index.clean import fold
from service.answers.support import firmest, meets_name, question_names

_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
_SMALL = frozenset("of and the for on in to".split())  # skipped in a name's initials


def unnamed_by_articles(
    question: str, answer: str, docs: Sequence[Document], article_text: Callable[[str], str]
) -> bool:
    """Whether some name of the question stands in none of the articles the answer rests on."""
    names = question_names(question)
    held = {n for n, _ in firmest(answer, docs)}
    if not names or not held:
        return False  # nothing asked by name, or the answer rests on no sentence (other checks)
    ids = {str(docs[n - 1].metadata.get("article_id") or "") for n in held}
    texts = [article_text(i) for i in ids if i]
    if not texts:
        return False
    folded = [fold(t) for t in texts]
    acronyms = {a.lower() for a in _ACRONYM.findall(question)}
    for name in names:
        if any(meets_name(name, t) for t in folded):
            continue
        if name in acronyms and any(name in run for t in texts for run in initials(t)):
            continue
        return True
    return False


def initials(text: str) -> set[str]:
    """The initials of each run of capitalised words ("Federal Communications Commission" -> "fcc";
    "of", "and" and the like skipped inside a run), lower case. A run may begin with a sentence's
    first word ("The Federal ..." -> "tfcc"): `unnamed_by_articles` looks for the acronym inside."""
    out: set[str] = set()
    run = ""
    for word in re.findall(r"[\w'’]+", text):
        if word[:1].isupper():
            run += word[0].lower()
        elif word in _SMALL and run:
            continue
        else:
            if len(run) > 1:
                out.add(run)
            run = ""
    if len(run) > 1:
        out.add(run)
    return out
