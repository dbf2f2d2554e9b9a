"""Dates: TIMEX3 time expressions with TimeML values resolved against the publication date.

component.py (the spaCy factory) -> spans.py (candidates: patterns_<lang>.jsonl, lexicon
phrases, the model's DATE/TIME entities) -> filters.py (look-alikes out) -> reading.py
(words -> fields) -> resolve.py (fields + anchor + tense + reference -> type, value, mod).
Word lists live in lexicon_<lang>.json, token macros in tokens_<lang>.json.
"""
