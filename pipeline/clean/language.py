"""Language of an article: what the page declares, checked against its text.

Pages often declare the wrong language (a site-wide lang="en" over a German article), so
the text decides when it can: a script that belongs to one language (Hangul, Kana), else
the share of the text's words found in each language's stopword list (jusText's lists,
installed with trafilatura). The declaration is the fallback for short or unclear texts.
Rules live in language_data.json.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import justext
from lxml import html as lxml_html

_WORD = re.compile(r"[^\W\d_]+")
_CODE = re.compile(r"^\s*([a-zA-Z]{2,3})(?:[-_]|\s*$)")
_NOT_LANGUAGES = frozenset({"und", "mul", "zxx", "xx"})
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SAMPLE_CHARS = 10_000
_SAMPLE_WORDS = 1_000


@dataclass(frozen=True, slots=True)
class ScriptRule:
    scripts: frozenset[str]
    min_share: float
    language: str


@dataclass(frozen=True, slots=True)
class Rules:
    stopwords: dict[str, dict[str, frozenset[str]]]  # script -> language -> words
    holders: dict[str, dict[str, tuple[str, ...]]]  # script -> word -> languages listing it
    scripts: tuple[ScriptRule, ...]
    min_words: int
    min_share: float
    min_distinct: int
    min_lead: float
    legacy: dict[str, str]


@lru_cache(maxsize=65536)
def _script(ch: str) -> str:
    """The writing system of a letter, as the first word of its Unicode name (LATIN, HANGUL ...)."""
    return "LATIN" if ch.isascii() else unicodedata.name(ch, "").split(" ", 1)[0]


def _main_script(words: frozenset[str]) -> str:
    counts = Counter(_script(ch) for w in list(words)[:300] for ch in w if ch.isalpha())
    return counts.most_common(1)[0][0] if counts else ""


@cache
def rules() -> Rules:
    """Load and check language_data.json and the stopword lists it names (once per process)."""
    data: dict[str, Any] = json.loads(resources.files("pipeline.clean").joinpath("language_data.json").read_text("utf-8"))
    available = justext.get_stoplists()
    unknown = sorted(set(data["stoplists"]) - set(available))
    if unknown:
        raise ValueError(f"language_data.json: no jusText stoplist named {', '.join(unknown)}")
    merged: dict[str, set[str]] = defaultdict(set)
    for name, code in data["stoplists"].items():
        merged[code] |= {w.casefold() for w in justext.get_stoplist(name)}
    stopwords: dict[str, dict[str, frozenset[str]]] = defaultdict(dict)
    for code, words in merged.items():
        frozen = frozenset(words)
        stopwords[_main_script(frozen)][code] = frozen
    scripts = tuple(ScriptRule(frozenset(r["script"]), float(r["min_share"]), str(r["language"]))
                    for r in data["scripts"])
    if any(not 0 < r.min_share <= 1 for r in scripts):
        raise ValueError("language_data.json: every script rule needs 0 < min_share <= 1")
    holders: dict[str, dict[str, tuple[str, ...]]] = {}
    for script, lists in stopwords.items():
        index: dict[str, list[str]] = defaultdict(list)
        for code, words in lists.items():
            for w in words:
                index[w].append(code)
        holders[script] = {w: tuple(codes) for w, codes in index.items()}
    return Rules(stopwords=dict(stopwords), holders=holders, scripts=scripts, min_words=int(data["min_words"]),
                 min_share=float(data["min_stopword_share"]), min_distinct=int(data["min_distinct_stopwords"]),
                 min_lead=float(data["min_lead"]), legacy=dict(data["legacy_codes"]))


def normalize(tag: Any) -> str | None:
    """The primary language subtag of a declaration ("en-AU", "pt_BR" -> "en", "pt"), or None."""
    if not isinstance(tag, str) or not (m := _CODE.match(tag)):
        return None
    code = m[1].lower()
    if code in _NOT_LANGUAGES:
        return None
    return rules().legacy.get(code, code)


def declared(tree: lxml_html.HtmlElement, objects: list[dict[str, Any]]) -> str | None:
    """The language the page declares: <html lang>, Content-Language, og:locale, JSON-LD inLanguage."""
    candidates: list[Any] = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    for meta in tree.iterfind(".//meta"):
        key = (meta.get("http-equiv") or meta.get("name") or meta.get("property") or "").lower()
        if key in ("content-language", "language", "dc.language", "og:locale"):
            candidates.append(meta.get("content"))
    for obj in objects:
        value = obj.get("inLanguage")
        candidates.append(value.get("name") if isinstance(value, dict) else value)
    return next((code for c in candidates if (code := normalize(c))), None)


def detect(text: str) -> str | None:
    """The language the text is written in, or None when the text is too short or unclear."""
    r = rules()
    sample = text[:_SAMPLE_CHARS]
    letters = Counter(_script(ch) for ch in _NON_ASCII.findall(sample) if ch.isalpha())
    letters["LATIN"] += len(_ASCII_LETTER.findall(sample))
    total = sum(letters.values())
    if not total:
        return None
    for rule in r.scripts:
        if sum(letters[s] for s in rule.scripts) >= rule.min_share * total:
            return rule.language
    main = letters.most_common(1)[0][0]
    # capitalised words are mostly names, which say nothing of the language (and pollute
    # some stopword lists); function words are written in lower case
    words = [w.casefold() for w in _WORD.findall(sample)[:_SAMPLE_WORDS] if not w[0].isupper()]
    if len(words) < r.min_words or main not in r.stopwords:
        return None
    holders = r.holders[main]
    # a word in many lists says little: each hit weighs 1 / (number of lists holding the word)
    scores: Counter[str] = Counter()
    for w in words:
        if codes := holders.get(w):
            for code in codes:
                scores[code] += 1 / len(codes)
    if not scores:
        return None
    ranked = scores.most_common(2)
    best, score = ranked[0]
    if len(ranked) > 1 and score < r.min_lead * ranked[1][1]:
        return None  # close neighbours (Indonesian and Malay, a table of names): undecided
    hits = [w for w in words if w in r.stopwords[main][best]]
    if len(set(hits)) < r.min_distinct or len(hits) < r.min_share * len(words):
        return None
    return best


def language(text: str, tree: lxml_html.HtmlElement, objects: list[dict[str, Any]]) -> str | None:
    """The detected language when the text is clear enough, else the declared one."""
    return detect(text) or declared(tree, objects)
