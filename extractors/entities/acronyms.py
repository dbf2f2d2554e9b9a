"""Acronyms and their long forms: "European Raw Materials Alliance (ERMA)" introduces ERMA,
and every later "ERMA" names the same body, even where the model did not tag it.

The long form is the mention that ends right before the parenthesis, or else the run of
capitalised words there whose initials spell the acronym; such a run becomes an ORG mention
of its own (the model may have seen only "European" of "the European Space Agency (ESA)").
"""

from __future__ import annotations

from collections import defaultdict

from spacy.tokens import Doc, Token

from extractors.entities.lexicon import Names
from extractors.entities.mentions import Mention, tokens_spelled

# Tokens inside a long form that are neither capitalised words nor acronym_skip words.
_NAME_JOINERS = frozenset({"-", "&", "'s", "’s"})


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


def _name_word(tok: Token, lex: Names) -> bool:
    return tok.text[:1].isupper() or tok.lower_ in lex.acronym_skip or tok.text in _NAME_JOINERS


def long_form_before(doc: Doc, paren: int, acronym: str, lex: Names) -> int | None:
    """Start of the shortest run of capitalised words (with "of", "and", ... inside) that
    ends right before token `paren` and whose initials spell `acronym`, or None."""
    reach = 3 * len(acronym.replace(".", "")) + 2
    for start in range(paren - 1, max(-1, paren - 1 - reach), -1):
        tok = doc[start]
        if tok.is_space or not _name_word(tok, lex) or (start < paren - 1 and doc[start + 1].is_sent_start):
            return None
        if not tok.text[:1].isupper() or tok.lower_ in lex.determiners:
            continue  # a long form starts with a capitalised content word
        if matches_long_form(acronym, [t.text for t in doc[start:paren]], lex):
            return start
    return None


def introduced_acronyms(doc: Doc, mentions: list[Mention], lex: Names) -> list[Mention]:
    """New mentions for acronyms introduced in parentheses after a long name (and for long
    names no one tagged), and for the acronyms' later uses that no one tagged."""
    ending: dict[int, list[Mention]] = defaultdict(list)
    for m in mentions:
        ending[m.end].append(m)
    found: dict[str, str] = {}
    out: list[Mention] = []
    for i in tokens_spelled(doc, ("(",)):
        if i + 2 >= len(doc):
            continue
        acronym = doc[i + 1].text
        if doc[i + 2].text != ")" or not is_acronym(acronym):
            continue
        for m in ending.get(i, ()):
            words = [w.text for w in m.span(doc)]
            if words and words[0].lower() in lex.determiners:
                words = words[1:]
            if matches_long_form(acronym, words, lex):
                found.setdefault(acronym, m.label)
                break
        else:
            start = long_form_before(doc, i, acronym, lex)
            if start is not None:
                out.append(Mention(start, i, "ORG", None))
                found.setdefault(acronym, "ORG")
    if not found:
        return out
    taken = {i for m in [*mentions, *out] for i in range(m.start, m.end)}
    out.extend(Mention(i, i + 1, found[doc[i].text], None) for i in tokens_spelled(doc, found) if i not in taken)
    return out

