"""The parse-free pipeline (`model = "blank:en"`): spaCy's blank English, the sentencizer and our
components, with no tags, dependency parse or NER. Every component must run on such docs and
give what it can from tokens alone: quantities without subjects, dates, gazetteer entities."""

from __future__ import annotations

import json
import re

import pytest
import spacy
from click.testing import CliRunner

from extractors.pipeline import COMPONENTS, build_nlp, extractor_version, model_name
from pipeline.cli import cli
from pipeline.errors import ConfigError
from pipeline.settings import Settings
from schemas.contract import validate

from .conftest import SEED_HTML

BLANK = "blank:en"


@pytest.fixture(scope="module")
def blank_nlp():
    return build_nlp(Settings(model=BLANK, db_url="sqlite://"))


@pytest.fixture(scope="module")
def seed_blank() -> dict:
    result = CliRunner().invoke(cli, ["extract", "--model", BLANK, str(SEED_HTML)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    (doc,) = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return doc


def test_blank_model_names_a_spacy_language():
    assert model_name(Settings(model=BLANK)) == BLANK


@pytest.mark.parametrize("model", ["blank:zz", "blank:", "blank:EN"])
def test_unknown_blank_language_is_a_config_error_naming_the_setting(model):
    with pytest.raises(ConfigError, match=f"setting model: '{model}' names no spaCy language"):
        model_name(Settings(model=model))


def test_blank_pipeline_has_a_sentencizer_and_no_statistical_pipes(blank_nlp):
    ours = [name for name, _, _ in COMPONENTS]
    assert blank_nlp.pipe_names == ["sentencizer", *ours]


def test_extractor_version_names_the_blank_model(blank_nlp):
    version = extractor_version(blank_nlp)
    assert re.fullmatch(rf"newsfacts \S+; en_blank {re.escape(spacy.__version__)}; rules [0-9a-f]{{12}}", version)


def test_seed_article_follows_the_contract(seed_blank):
    validate(seed_blank)
    assert seed_blank["extractor_version"].split("; ")[1].startswith("en_blank ")
    text = seed_blank["text"]
    for name in ("entities", "quantities", "dates"):
        assert all(text[s["start"]:s["end"]] == s["text"] for s in seed_blank[name]), name


def test_quantities_keep_values_and_units_without_subjects(seed_blank):
    found = {(q["text"], q["value"], q["low"], q["high"], q["unit"]) for q in seed_blank["quantities"]}
    assert {("353 tons", 353.0, None, None, "ton"), ("approximately 85%", 85.0, None, None, "percent"),
            ("30-50%", None, 30.0, 50.0, "percent")} <= found
    assert all(q["subject"] is None for q in seed_blank["quantities"])  # the subject needs the parse


def test_dates_resolve_without_the_parse(seed_blank):
    dates = {(d["text"], d["value"]) for d in seed_blank["dates"]}
    assert ("August 12, 2025", "2025-08-12") in dates and ("June 2025", "2025-06") in dates


def test_entities_come_from_the_gazetteer(seed_blank, blank_nlp):
    names = {(e["text"], e["label"]) for e in seed_blank["entities"]}
    assert {("MP Materials", "ORG"), ("China", "GPE")} <= names
    doc = blank_nlp("Lithium and cobalt prices fell, Lynas Rare Earths said, while Jamieson Greer was away.")
    assert doc.ents and all(e.ent_id_ for e in doc.ents)  # no NER: every span is a gazetteer pattern's
    assert {e.text for e in doc._.nf_entities} >= {"Lithium", "cobalt", "Lynas Rare Earths"}
    assert "Jamieson Greer" not in {e.text for e in doc._.nf_entities}


def test_gazetteer_drops_pos_constraints_only_without_a_tagger(blank_nlp, nlp):
    def pos_keys(pipeline):
        patterns = pipeline.get_pipe("newsfacts_gazetteer").patterns
        return sum("POS" in token for p in patterns if not isinstance(p["pattern"], str) for token in p["pattern"])

    assert pos_keys(blank_nlp) == 0 and pos_keys(nlp) > 0


def test_every_component_copes_with_unannotated_docs(blank_nlp):
    doc = blank_nlp('"We are focused on magnets," Greer said on Tuesday. Prices rose 30-50% last week, '
                    "according to Reuters. Output doubled to $1.2 billion.")
    assert not any(doc.has_annotation(attr) for attr in ("TAG", "POS", "DEP"))
    assert [q.text for q in doc._.nf_quantities] == ["30-50%", "doubled", "$1.2 billion"]
    assert {d.text for d in doc._.nf_dates} == {"Tuesday", "last week"}
    assert [c.content.text for c in doc._.nf_claims] == ["We are focused on magnets"]


def test_cli_refuses_an_unknown_blank_language():
    result = CliRunner().invoke(cli, ["extract", "--model", "blank:zz", str(SEED_HTML)])
    assert result.exit_code == 2 and "setting model: 'blank:zz' names no spaCy language 'zz'" in result.stderr
    assert result.stdout == ""
