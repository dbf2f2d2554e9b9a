"""Materials that are everyday words too ("took the lead", "won gold and silver", "a tin roof")
count only in a commodity context: "gold prices", "the price of silver", "lead and zinc",
"gold and silver futures". The words are data (commodities.json)."""

from __future__ import annotations

from spacy.tokens import Doc

from extractors.entities.lexicon import Commodities
from extractors.entities.mentions import Mention

_HYPHENS = frozenset({"-", "–"})
_OF = frozenset({"of", "for"})
_MAX_GAP = 3  # tokens between two materials of one list: ", and"


def _word_after(doc: Doc, end: int) -> str | None:
    i = end
    while i < len(doc) and (doc[i].is_space or doc[i].text in _HYPHENS):  # "gold-mining"
        i += 1
    return doc[i].lower_ if i < len(doc) else None


def _words_before(doc: Doc, start: int) -> list[str]:
    """Up to two words before `start`, nearest first."""
    out, i = [], start - 1
    while i >= 0 and len(out) < 2:
        if not doc[i].is_space:
            out.append(doc[i].lower_)
        i -= 1
    return out


def in_context(doc: Doc, start: int, end: int, lex: Commodities) -> bool:
    """A context word right after tokens start..end, right before them, or before an "of" or
    "for" right before them ("prices of gold")."""
    if _word_after(doc, end) in lex.context:
        return True
    before = _words_before(doc, start)
    return bool(before) and (before[0] in lex.context or (before[0] in _OF and before[1:] and before[1] in lex.context))


def _lists(doc: Doc, materials: list[Mention], lex: Commodities) -> list[list[Mention]]:
    """Materials in text order, grouped into lists joined only by coordinators."""
    groups: list[list[Mention]] = []
    for m in materials:
        last = groups[-1][-1] if groups else None
        if last is not None and m.start - last.end <= _MAX_GAP and all(
                doc[k].lower_ in lex.coordinators or doc[k].is_space for k in range(last.end, m.start)):
            groups[-1].append(m)
        else:
            groups.append([m])
    return groups


def commodity_materials(doc: Doc, mentions: list[Mention], lex: Commodities) -> list[Mention]:
    """`mentions` without the ambiguous materials that stand outside a commodity context; a
    list of materials counts as a whole ("gold and silver prices", "lead and zinc")."""
    materials = sorted((m for m in mentions if m.label == "MATERIAL"), key=lambda m: m.start)
    drop: set[Mention] = set()
    for group in _lists(doc, materials, lex):
        if all(m.gazetteer_id in lex.ambiguous for m in group) and not in_context(
                doc, group[0].start, group[-1].end, lex):
            drop.update(group)
    return [m for m in mentions if m not in drop]
