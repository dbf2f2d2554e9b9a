"""In-document consolidation: one canonical name per thing the article talks about.

Rules, in order: the gazetteer's id; a known alias ("U.S." -> "United States"); a person's
surname or partial name -> the full name mentioned in the document (nearest before, else
first after); a company's legal name in the document wins over its short forms and its
gazetteer id ("Nvidia" and "Nvidia Corporation" -> "Nvidia Corporation", "GM" beside
"General Motors Co." -> "General Motors Co."); an acronym -> the long form in the document.
Leading "the" and a trailing possessive never reach a canonical name. Titles are already off
the spans (mentions.py).

Each rule looks its candidates up in an index built once per document, never by comparing
every mention with every other (a long article has thousands of mentions).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace

from spacy.tokens import Doc

from extractors.entities.acronyms import initials, is_acronym, matches_long_form
from extractors.entities.lexicon import SELF_ID, Names
from extractors.entities.mentions import POSSESSIVES, Mention, after_title

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


def _is_part_of(short: list[str], full: list[str], surname_only: bool = False) -> bool:
    """"Greer" of "Jamieson Greer", "Hillary" of "Hillary Clinton", "Donald Trump" of
    "Donald J. Trump": an ordered subsequence sharing the surname, or a lone first name
    (unless `surname_only`: after a title, "Sen. Warren" is no "Warren Buffett")."""
    if len(short) >= len(full):
        return False
    if len(short) == 1:
        return short[0] == full[-1] or (not surname_only and short[0] == full[0])
    if short[-1] != full[-1]:
        return False
    it = iter(full)
    return all(w in it for w in short)


def legal_base(words: list[str], lex: Names) -> list[str] | None:
    """The name before a legal form ("Nvidia" of "Nvidia Corporation", "Apple" of "Apple,
    Inc."), or None when `words` does not end in one."""
    end = len(words)
    while end and (words[end - 1].lower() in lex.legal_suffixes or words[end - 1] == ","):
        end -= 1
    if end == len(words) or not end or words[end - 1] == ",":
        return None
    return words[:end]


class _Persons:
    """The multi-word PERSON mentions, indexed by first and last word."""

    def __init__(self, full: list[int], words: list[list[str]]) -> None:
        self.words = words
        self.by_first: dict[str, list[int]] = defaultdict(list)
        self.by_last: dict[str, list[int]] = defaultdict(list)
        for j in full:
            self.by_first[words[j][0]].append(j)
            self.by_last[words[j][-1]].append(j)

    def containing(self, short: list[str], surname_only: bool = False) -> list[int]:
        """The full names (in document order) that `short` is part of."""
        pool = set(self.by_last.get(short[-1], ()))
        if len(short) == 1 and not surname_only:
            pool.update(self.by_first.get(short[0], ()))
        return sorted(j for j in pool if _is_part_of(short, self.words[j], surname_only))

    def longest_form(self, j: int) -> int | None:
        """The longest full name that name `j` is part of and begins like it."""
        longer = [k for k in self.containing(self.words[j]) if self.words[k][0] == self.words[j][0]]
        return max(longer, key=lambda k: len(self.words[k])) if longer else None


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
    persons = _Persons(full, words)
    surnames = {words[i][-1] for i in full}
    for i, m in enumerate(mentions):
        if canon[i] is not None or m.gazetteer_id is not None:
            continue
        if labels[i] in RELABEL_AS_PERSON and len(words[i]) == 1 and words[i][0] in surnames:
            labels[i] = "PERSON"
        if labels[i] != "PERSON":
            continue
        candidates = persons.containing(words[i], surname_only=after_title(doc, ranges[i][0], lex))
        if candidates:
            before = [j for j in candidates if mentions[j].start < m.start]
            j = before[-1] if before else candidates[0]
            # the longest form of that person ("Donald Trump" -> "Donald J. Trump")
            k = persons.longest_form(j)
            canon[i] = texts[k] if k is not None else texts[j]
    for i in full:
        if canon[i] is None:
            k = persons.longest_form(i)
            if k is not None:
                canon[i] = texts[k]

    # Companies: the first legal name in the document names the company, whichever way a
    # mention was found. A legal name is keyed by its gazetteer id, else by the id of its base
    # name ("Microsoft" of "Microsoft Corporation"), else by its base name as written.
    legal: dict[tuple[str, str], str] = {}
    legal_keys: dict[int, tuple[str, str]] = {}
    for j, m in enumerate(mentions):
        base = legal_base(words[j], lex) if labels[j] != "PERSON" else None
        if base is None:
            continue
        base_text = " ".join(base)
        hit = alias_table.get(base_text.lower())
        if m.gazetteer_id and m.gazetteer_id != SELF_ID:
            key = m.gazetteer_id
        elif hit is not None and hit[0] == labels[j]:
            key = hit[1]
        else:
            key = base_text
        legal_keys[j] = (labels[j], key)
        legal.setdefault((labels[j], key), texts[j])
    for i in range(len(mentions)):
        key = legal_keys.get(i) or ((labels[i], canon[i]) if canon[i] is not None else None)
        if key in legal:
            canon[i] = legal[key]

    # Other names: the short form of a legal name; an acronym of a long name in the document.
    by_prefix: dict[tuple[str, tuple[str, ...]], list[int]] = defaultdict(list)
    by_initials: dict[tuple[str, str], list[int]] = defaultdict(list)
    for j in range(len(mentions)):
        base = legal_base(words[j], lex)
        if base is not None:  # "Nvidia" and "Nvidia Corp" are short forms of "Nvidia Corp., Inc."
            for k in range(len(base), len(words[j])):
                by_prefix[(labels[j], tuple(words[j][:k]))].append(j)
        if len(words[j]) >= 2:
            spellings = {initials(words[j], lex), "".join(w[0].upper() for w in words[j] if w[:1].isalpha())}
            for spelling in spellings:
                by_initials[(labels[j], spelling)].append(j)
    for i in range(len(mentions)):
        if canon[i] is not None or labels[i] == "PERSON":
            continue
        pool = set(by_prefix.get((labels[i], tuple(words[i])), ()))
        if is_acronym(texts[i]):
            pool.update(j for j in by_initials.get((labels[i], texts[i].replace(".", "")), ())
                        if matches_long_form(texts[i], words[j], lex))
        pool = {j for j in pool if j != i and len(words[j]) > len(words[i])}
        if pool:
            j = min(pool)
            canon[i] = canon[j] or texts[j]

    return [(replace(m, label=labels[i]), canon[i] or texts[i]) for i, m in enumerate(mentions)]
