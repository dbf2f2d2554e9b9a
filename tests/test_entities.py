"""Entities: gazetteer, span repairs, prose-only model entities, consolidation, rule data checks."""

from __future__ import annotations

import json

import pytest

from extractors.entities.acronyms import initials, is_acronym
from extractors.entities.lexicon import aliases, gazetteer_patterns, names
from extractors.ruledata import RuleDataError, read_jsonl


def ents(doc):
    return [(e.text, e.label, e.canonical) for e in doc._.nf_entities]


def test_gazetteer_country_aliases_map_to_one_canonical(run_nlp):
    doc = run_nlp("The U.S. and America are the same country as the United States.")
    found = ents(doc)
    assert ("U.S.", "GPE", "United States") in found
    assert ("America", "GPE", "United States") in found
    assert ("the United States", "GPE", "United States") in found


def test_gazetteer_norp_agencies_and_international_bodies(run_nlp):
    doc = run_nlp("Chinese officials met the European Union and the Department of Energy in Brussels.")
    found = ents(doc)
    assert ("Chinese", "NORP", "Chinese") in found
    assert ("European Union", "ORG", "European Union") in found
    assert ("Department of Energy", "ORG", "Department of Energy") in found


def test_curated_companies_and_materials(run_nlp):
    doc = run_nlp("Albemarle and Glencore said lithium and cobalt prices fell, while Dysprosium stayed high.")
    found = ents(doc)
    assert ("Albemarle", "ORG", "Albemarle") in found
    assert ("Glencore", "ORG", "Glencore") in found
    assert ("lithium", "MATERIAL", "lithium") in found
    assert ("cobalt", "MATERIAL", "cobalt") in found
    assert ("Dysprosium", "MATERIAL", "dysprosium") in found


def test_lead_as_a_verb_is_no_material(run_nlp):
    doc = run_nlp("Ministers will lead the talks on lead and zinc exports.")
    materials = [e.text for e in doc._.nf_entities if e.label == "MATERIAL"]
    assert materials == ["lead", "zinc"]


def test_company_named_by_legal_suffix(run_nlp):
    doc = run_nlp("Shares of Quorvex Mining Holdings rose after the deal with Tellmar Resources Ltd.")
    found = {e.text: e.label for e in doc._.nf_entities}
    assert found.get("Quorvex Mining Holdings") == "ORG"
    assert found.get("Tellmar Resources Ltd.") == "ORG"


def test_numeric_labels_are_left_to_other_extractors(run_nlp):
    doc = run_nlp("Canada shipped 40 tons of nickel on May 5, 2024, worth $3 million.")
    labels = {e.label for e in doc._.nf_entities}
    assert labels.isdisjoint({"DATE", "MONEY", "QUANTITY", "CARDINAL", "PERCENT", "TIME", "ORDINAL"})
    assert ("Canada", "GPE", "Canada") in ents(doc)


def test_surname_and_title_resolve_to_full_name(run_nlp):
    doc = run_nlp("Trade Representative Jamieson Greer met officials in Geneva.\n"
                  "Later, Trade Representative Greer said the talks went well. Greer left on Friday.")
    persons = [(e.text, e.canonical) for e in doc._.nf_entities if e.label == "PERSON"]
    assert ("Jamieson Greer", "Jamieson Greer") in persons
    assert persons.count(("Greer", "Jamieson Greer")) == 2
    assert not any("Representative" in text for text, _ in persons)


def test_title_stripped_and_no_full_name_keeps_surname(run_nlp):
    doc = run_nlp("President Trump spoke on Monday. Trump said he would decide soon.")
    persons = {(e.text, e.canonical) for e in doc._.nf_entities if e.label == "PERSON"}
    assert persons == {("Trump", "Trump")}


def test_surname_takes_the_full_name_when_the_text_names_it(run_nlp):
    doc = run_nlp("Donald Trump arrived in Ohio. Later, President Trump addressed the crowd.")
    persons = {(e.text, e.canonical) for e in doc._.nf_entities if e.label == "PERSON"}
    assert ("Trump", "Donald Trump") in persons


def test_acronym_introduced_in_parentheses(run_nlp):
    doc = run_nlp("Ministers created the Critical Metals Partnership Council (CMPC) last year.\n"
                  "Since then CMPC has met twice.")
    found = ents(doc)
    assert ("CMPC", "ORG", "Critical Metals Partnership Council") in found
    assert sum(1 for text, _, _ in found if text == "CMPC") == 2


def test_org_run_across_comma_into_person_is_split(run_nlp):
    doc = run_nlp("Jamieson Greer spoke for an hour. During an interview on CBS's Face the Nation, Greer stated "
                  "that progress was real.")
    texts = {e.text: (e.label, e.canonical) for e in doc._.nf_entities}
    assert "Face the Nation, Greer" not in texts
    assert texts.get("Greer") == ("PERSON", "Jamieson Greer")


def test_model_entities_dropped_outside_prose_gazetteer_kept(nlp):
    from schemas import Block, BlockKind

    text = "Recent Progress in Stockholm Talks\nModerate | China dominates processing"
    doc = nlp.make_doc(text)
    heading_end = text.index("\n")
    cell2 = text.index("China")
    doc._.nf_blocks = (Block(0, heading_end, BlockKind.HEADING),
                       Block(heading_end + 1, heading_end + 9, BlockKind.TABLE_CELL),
                       Block(cell2, len(text), BlockKind.TABLE_CELL))
    doc = nlp(doc)
    found = ents(doc)
    assert all(label in {"GPE", "NORP", "LOC", "MATERIAL"} for _, label, _ in found), found
    assert ("China", "GPE", "China") in found
    assert not any(text in {"Moderate", "Recent Progress"} for text, _, _ in found)


def test_unknown_short_acronym_is_no_place(run_nlp):
    doc = run_nlp("Washington pledged to drop export restrictions on less-advanced AI chip technology to China.")
    assert not any(e.text == "AI" and e.label == "GPE" for e in doc._.nf_entities)


def test_leading_the_dropped_from_org_spans(run_nlp):
    doc = run_nlp("The Department of Defense funds research, and the European Raw Materials Alliance helps.")
    texts = [e.text for e in doc._.nf_entities]
    assert "Department of Defense" in texts
    assert "European Raw Materials Alliance" in texts


def test_entity_offsets_and_sentences_line_up(run_nlp):
    text = "Lynas Rare Earths expanded in Australia. MP Materials runs Mountain Pass in California."
    doc = run_nlp(text)
    assert doc._.nf_entities
    for e in doc._.nf_entities:
        assert text[e.start:e.end] == e.text
        assert e.sentence_start <= e.start < e.end <= e.sentence_end


def test_acronym_helpers():
    lex = names()
    assert initials(["European", "Raw", "Materials", "Alliance"], lex) == "ERMA"
    assert initials(["Department", "of", "Energy"], lex) == "DE"
    assert is_acronym("U.S.") and is_acronym("ERMA") and not is_acronym("Greer")


def test_every_gazetteer_pattern_is_valid_and_aliases_come_from_it():
    patterns = gazetteer_patterns()
    assert len(patterns) > 1000
    table = aliases()
    assert table["u.s."] == ("GPE", "United States")
    assert table["erma"] == ("ORG", "European Raw Materials Alliance")


def test_bad_pattern_file_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"label": "GPE", "pattern": "Narnia", "id": "Narnia"}) + "\n{oops\n", "utf-8")
    with pytest.raises(RuleDataError) as err:
        list(read_jsonl(bad))
    assert err.value.line == 2 and str(bad) in str(err.value)


def test_pattern_without_id_is_rejected(tmp_path, monkeypatch):
    from extractors.entities import lexicon

    (tmp_path / "x.jsonl").write_text(json.dumps({"label": "GPE", "pattern": "Narnia"}) + "\n", "utf-8")
    monkeypatch.setattr(lexicon, "HERE", tmp_path)
    with pytest.raises(RuleDataError, match="id"):
        lexicon.gazetteer_patterns.__wrapped__(("x.jsonl",))
