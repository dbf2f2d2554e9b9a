"""Language of an article: what the page declares, checked against its text.

Pages often declare the wrong language (a site-wide lang="en" over a German article), so
the text decides when it is long enough and py3langid (the identifier trafilatura uses) is
confident; the declaration is the fallback for short or unclear texts. Thresholds live in
language_data.json.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from lxml import html as lxml_html
from py3langid.langid import MODEL_FILE, LanguageIdentifier

_CODE = re.compile(r"^\s*([a-zA-Z]{2,3})(?:[-_]|\s*$)")
_NOT_LANGUAGES = frozenset({"und", "mul", "zxx", "xx"})
_SAMPLE_CHARS = 5_000


@dataclass(frozen=True, slots=True)
class Rules:
    min_words: int  # fewer words than this: the text is too short to judge
    min_confidence: float  # py3langid's normalised probability needed to trust its answer
    legacy: dict[str, str]  # withdrawn ISO codes still seen in lang attributes


@cache
def rules() -> Rules:
    data: dict[str, Any] = json.loads(resources.files("pipeline.clean").joinpath("language_data.json")
                                      .read_text("utf-8"))
    loaded = Rules(int(data["min_words"]), float(data["min_confidence"]), dict(data["legacy_codes"]))
    if loaded.min_words < 1 or not 0 < loaded.min_confidence <= 1:
        raise ValueError("language_data.json: min_words must be >= 1 and 0 < min_confidence <= 1")
    return loaded


@cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


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
    sample = text[:_SAMPLE_CHARS]
    if len(sample.split()) < rules().min_words:
        return None
    code, confidence = _identifier().classify(sample)
    return code if confidence >= rules().min_confidence else None


def language(text: str, tree: lxml_html.HtmlElement, objects: list[dict[str, Any]]) -> str | None:
    """The detected language when the text is clear enough, else the declared one."""
    return detect(text) or declared(tree, objects)
