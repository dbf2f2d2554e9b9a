"""Acronyms and their long forms: "European Raw Materials Alliance (ERMA)" introduces ERMA,
and every later "ERMA" names the same body, even where the model did not tag it."""

from __future__ import annotations

from spacy.tokens import Doc

from extractors.entities.lexicon import Names
from extractors.entities.mentions import Mention


def is_acronym(text: str) -> bool:
    letters = text.replace(".", "")
    return 2 <= len(letters) <= 8 and letters.isalpha() and letters.isupper()


def initials(words: list[str], lex: Names) -> str:
    """Upper-case initials of the content words: "Department of Energy" -> "DE"; a word in
    capitals inside the name keeps its letters ("US Trade Representative" -> "USTR")."""
    out = []
    for w in words:
        if w.lower() in lex.acronym_skip or not w[:1].isalpha():
            continue
        out.append(w.replace(".", "") if is_acronym(w) else w[0].upper())
    return "".join(out)


def matches_long_form(acronym: str, words: list[str], lex: Names) -> bool:
    a = acronym.replace(".", "")
    if len(words) < 2:
        return False
    full = initials(words, lex)
    with_skipped = "".join(w[0].upper() for w in words if w[:1].isalpha())
    return a in (full, with_skipped)


def introduced_acronyms(doc: Doc, mentions: list[Mention], lex: Names) -> list[Mention]:
    """New mentions for acronyms introduced in parentheses after a long name, and for their
    later uses that no one tagged."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    found: dict[str, str] = {}
    out = []
    for m in mentions:
        i = m.end
        if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")" and is_acronym(doc[i + 1].text):
            words = [t.text for t in m.span(doc)]
            if words and words[0].lower() in lex.determiners:
                words = words[1:]
            if matches_long_form(doc[i + 1].text, words, lex):
                found.setdefault(doc[i + 1].text, m.label)
    for t in doc:
        if t.text in found and t.i not in taken:
            out.append(Mention(t.i, t.i + 1, found[t.text], None))
    return out
