"""The gazetteer: an EntityRuler placed before the model's NER, for names news needs and the
small model misses (country aliases, agencies, international bodies, mining and tech
companies, commodities as MATERIAL, companies named by their legal form).

Patterns are data (the JSONL files listed in lexicon.GAZETTEER_FILES); each carries an `id`,
its canonical name, which the NER keeps on the tokens, so the entities component knows a
span came from here and how to name it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.pipeline import EntityRuler

from extractors.entities.lexicon import GAZETTEER_FILES, gazetteer_patterns, legal_suffix_pattern, names

# Pipes that give tokens a POS; without one (a `blank:LANG` model) patterns match on words alone.
POS_FACTORIES = frozenset({"tagger", "morphologizer"})


def make_gazetteer(nlp: Language, name: str, *, files: list[str] | None = None,
                   legal_suffixes: bool = True) -> EntityRuler:
    """`files`: pattern files beside this module (default: all of them); `legal_suffixes`:
    also tag "Capitalised Words Inc/Corp/Group/..." as ORG."""
    ruler = EntityRuler(nlp, name=name, overwrite_ents=False)
    patterns = list(gazetteer_patterns(tuple(files) if files else GAZETTEER_FILES))
    if legal_suffixes:
        patterns.append(legal_suffix_pattern(names()))
    if not any(nlp.get_pipe_meta(pipe).factory in POS_FACTORIES for pipe in nlp.pipe_names):
        patterns = [without_pos(p) for p in patterns]
    ruler.add_patterns(patterns)
    return ruler


def without_pos(pattern: dict) -> dict:
    """The pattern with its POS constraints dropped: the Matcher refuses POS on untagged docs."""
    if isinstance(pattern["pattern"], str):
        return pattern
    tokens = [{k: v for k, v in token.items() if k != "POS"} for token in pattern["pattern"]]
    return {**pattern, "pattern": tokens}
