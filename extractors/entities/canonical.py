"""In-document consolidation: one canonical name per thing the article talks about.

Rules, in order: the gazetteer's id; a known alias ("U.S." -> "United States"); a person's
surname or partial name -> the full name mentioned in the document (nearest before, else
first after); a company's short form -> its legal name in the document ("Nvidia" -> "Nvidia
Corporation"); an acronym -> the long form in the document. Leading "the" and a trailing
possessive never reach a canonical name. Titles are already off the spans (mentions.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from spacy.tokens import Doc

from extractors.entities.acronyms import is_acronym, matches_long_form
from extractors.entities.lexicon import SELF_ID, Names
from extractors.entities.mentions import POSSESSIVES, Mention

# Model labels that a person's surname is often mislabelled with ("Greer" as NORP).
RELABEL_AS_PERSON = frozenset({"NORP", "ORG", "PRODUCT", "WORK_OF_ART", "FAC", "EVENT", "LAW"})
ALIAS_LABELS = frozenset({"GPE", "LOC", "ORG", "NORP", "FAC"})


def name_range(doc: Doc, m: Mention, lex: Names) -> tuple[int, int]:
    """The mention's tokens without a leading determiner or a trailing possessive."""
    start, end = m.start, m.end
    while end - start > 1 and doc[start].lower_ in lex.determiners:
        start += 1
    while end - start > 1 and doc[end - 1].text in POSSESSIVES:
        end -= 1
    return start, end


def _is_part_of(short: list[str], full: list[str]) -> bool:
    """"Greer" of "Jamieson Greer", "Hillary" of "Hillary Clinton", "Donald Trump" of
    "Donald J. Trump": an ordered subsequence sharing the surname, or a lone first name."""
    if len(short) >= len(full):
        return False
    if len(short) == 1:
        return short[0] in (full[0], full[-1])
    if short[-1] != full[-1]:
        return False
    it = iter(full)
    return all(w in it for w in short)


def consolidate(doc: Doc, mentions: list[Mention], lex: Names,
                alias_table: Mapping[str, tuple[str, str]]) -> list[tuple[Mention, str]]:
    """Each mention (relabelled where needed) with its canonical name."""
    ranges = [name_range(doc, m, lex) for m in mentions]
    words = [[t.text for t in doc[s:e] if not t.is_space] for s, e in ranges]
    texts = [" ".join(doc[s:e].text.split()) for s, e in ranges]
    labels = [m.label for m in mentions]
    canon: list[str | None] = [None] * len(mentions)

    for i, m in enumerate(mentions):
        if m.gazetteer_id and m.gazetteer_id != SELF_ID:
            canon[i] = m.gazetteer_id
        elif m.gazetteer_id is None and m.label in ALIAS_LABELS:
            hit = alias_table.get(m.span(doc).text.lower()) or alias_table.get(texts[i].lower())
            if hit is not None:
                labels[i], canon[i] = hit

    # People: partial names -> the full name in the document.
    full = [i for i, m in enumerate(mentions) if labels[i] == "PERSON" and len(words[i]) > 1]
    surnames = {words[i][-1] for i in full}
    for i, m in enumerate(mentions):
        if canon[i] is not None or m.gazetteer_id is not None:
            continue
        if labels[i] in RELABEL_AS_PERSON and len(words[i]) == 1 and words[i][0] in surnames:
            labels[i] = "PERSON"
        if labels[i] != "PERSON":
            continue
        candidates = [j for j in full if _is_part_of(words[i], words[j])]
        if candidates:
            before = [j for j in candidates if mentions[j].start < m.start]
            j = before[-1] if before else candidates[0]
            # the longest form of that person ("Donald Trump" -> "Donald J. Trump")
            longer = [k for k in full if _is_part_of(words[j], words[k]) and words[k][0] == words[j][0]]
            canon[i] = texts[max(longer, key=lambda k: len(words[k]))] if longer else texts[j]
    for i in full:
        if canon[i] is None:
            longer = [k for k in full if _is_part_of(words[i], words[k]) and words[k][0] == words[i][0]]
            if longer:
                canon[i] = texts[max(longer, key=lambda k: len(words[k]))]

    # Organisations: short form of a legal name; acronyms of a long name in the document.
    for i, m in enumerate(mentions):
        if canon[i] is not None or labels[i] == "PERSON":
            continue
        for j, other in enumerate(mentions):
            if j == i or labels[j] != labels[i] or len(words[j]) <= len(words[i]):
                continue
            tail = words[j][len(words[i]):]
            if (words[j][:len(words[i])] == words[i] and all(w.lower() in lex.legal_suffixes for w in tail)) or (
                    is_acronym(texts[i]) and matches_long_form(texts[i], words[j], lex)):
                canon[i] = canon[j] or texts[j]
                break

    return [(replace(m, label=labels[i]), canon[i] or texts[i]) for i, m in enumerate(mentions)]
