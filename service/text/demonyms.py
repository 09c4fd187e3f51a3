"""A country's adjective and its name as one keyword: "the British grant" finds "Britain is to give a
pounds 4m grant".

Why: keyword search matches tokens, and a question often names a country by its adjective where the
article names the country (or the other way round). Among 1,000 look-alike articles, "How much is
the British grant?" retrieved only other grants: "British" stood in none of the chunks, "grant" in
dozens, and dense search ranked the many grant sentences alike (`newsdesk eval --distractors 1000`,
2026-12-04). Only the query is widened (each of its country words brings its pair), so the stored
keyword index, in memory or in Postgres, is the same as before."""

from __future__ import annotations

from service.text.terms import tokenize

_PAIRS = """
British Britain; English England; Scottish Scotland; Welsh Wales; Irish Ireland; French France;
German Germany; Spanish Spain; Italian Italy; Portuguese Portugal; Dutch Netherlands; Belgian Belgium;
Swiss Switzerland; Austrian Austria; Swedish Sweden; Norwegian Norway; Danish Denmark; Finnish Finland;
Polish Poland; Russian Russia; Ukrainian Ukraine; Greek Greece; Turkish Turkey; American America;
Canadian Canada; Mexican Mexico; Brazilian Brazil; Argentine Argentina; Argentinian Argentina;
Chilean Chile; Peruvian Peru; Colombian Colombia; Venezuelan Venezuela; Cuban Cuba; Chinese China;
Japanese Japan; Korean Korea; Indian India; Pakistani Pakistan; Afghan Afghanistan; Iranian Iran;
Iraqi Iraq; Syrian Syria; Israeli Israel; Palestinian Palestine; Egyptian Egypt; Nigerian Nigeria;
Kenyan Kenya; Ethiopian Ethiopia; Rwandan Rwanda; Australian Australia; European Europe; Asian Asia;
African Africa; Indonesian Indonesia; Thai Thailand; Vietnamese Vietnam; Filipino Philippines;
Malaysian Malaysia; Saudi Arabia; Lebanese Lebanon; Jordanian Jordan; Moroccan Morocco;
Algerian Algeria; Libyan Libya; Sudanese Sudan; Somali Somalia; Zimbabwean Zimbabwe; Ghanaian Ghana;
Hungarian Hungary; Czech Czechia; Romanian Romania; Bulgarian Bulgaria; Serbian Serbia;
Croatian Croatia; Icelandic Iceland; Scandinavian Scandinavia
"""


def _pairs() -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in _PAIRS.replace("\n", " ").split(";"):
        adjective, country = (tokenize(word)[0] for word in pair.split())
        out[adjective], out[country] = country, adjective
    return out


PAIRED = _pairs()


def with_pairs(terms: list[str]) -> list[str]:
    """The query's terms, then the pair of each country word among them not already asked."""
    return terms + [PAIRED[t] for t in terms if t in PAIRED and PAIRED[t] not in terms]
