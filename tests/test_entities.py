"""Entities: gazetteer, span repairs, prose-only model entities, consolidation, rule data checks."""

from __future__ import annotations

import json

import pytest

from extractors.entities.acronyms import initials, is_acronym
from extractors.entities.lexicon import HERE, aliases, gazetteer_patterns, names
from extractors.ruledata import RuleDataError, read_jsonl


def ents(doc):
    return [(e.text, e.label, e.canonical) for e in doc._.nf_entities]


def test_gazetteer_country_aliases_map_to_one_canonical(run_nlp):
    doc = run_nlp("The U.S. and America are the same country as the United States. The US agreed.")
    found = ents(doc)
    assert ("US", "GPE", "United States") in found
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


def test_a_name_after_a_title_is_a_surname_not_a_first_name(run_nlp):
    doc = run_nlp("Warren Buffett bought shares on Monday. Sen. Warren criticized the deal.")
    persons = [(e.text, e.canonical) for e in doc._.nf_entities if e.label == "PERSON"]
    assert persons == [("Warren Buffett", "Warren Buffett"), ("Warren", "Warren")]
    doc = run_nlp("Trade Representative Jamieson Greer met officials in Geneva. Ambassador Greer left.")
    assert [e.canonical for e in doc._.nf_entities if e.label == "PERSON"] == ["Jamieson Greer"] * 2


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


def test_no_model_names_from_captions(nlp):
    from schemas import Block, BlockKind

    text = "Photo by Maria Lopez for Reuters\nMaria Lopez said output rose."
    doc = nlp.make_doc(text)
    nl = text.index("\n")
    doc._.nf_blocks = (Block(0, nl, BlockKind.CAPTION), Block(nl + 1, len(text), BlockKind.PARAGRAPH))
    doc = nlp(doc)
    persons = [e for e in doc._.nf_entities if e.label == "PERSON"]
    assert persons and all(e.start > nl for e in persons)  # the same name is read in the paragraph


def test_unknown_short_acronym_is_no_place(run_nlp):
    doc = run_nlp("Washington pledged to drop export restrictions on less-advanced AI chip technology to China.")
    assert not any(e.text == "AI" and e.label == "GPE" for e in doc._.nf_entities)


@pytest.mark.parametrize("text, places", [
    ("He moved from Albany, N.Y., to L.A. last year.", ["N.Y.", "L.A."]),
    ("Sydney is the capital of NSW, and NZ is nearby.", ["NSW", "NZ"]),
    ("Protests spread across HK on Sunday.", ["HK"]),
    ("He flew to LA for the Oscars.", ["LA"]),
])
def test_short_place_names_stay_places(run_nlp, text, places):
    found = {e.text for e in run_nlp(text)._.nf_entities if e.label == "GPE"}
    assert set(places) <= found


def _doc(words, **annotations):
    """A hand-built Doc (an English vocabulary, so lower-case forms are set)."""
    import spacy
    from spacy.tokens import Doc

    return Doc(spacy.blank("en").vocab, words=words, **annotations)


@pytest.mark.parametrize("words, pos, heads, deps, acronym, expected", [
    (["AI", "chip", "technology"], ["PROPN", "NOUN", "NOUN"], [2, 2, 2], ["compound", "compound", "ROOT"], 0, True),
    (["XR", "headsets", "sold"], ["PROPN", "NOUN", "VERB"], [1, 2, 2], ["compound", "nsubj", "ROOT"], 0, True),
    (["Investors", "love", "AI"], ["NOUN", "VERB", "PROPN"], [1, 1, 1], ["nsubj", "ROOT", "dobj"], 2, True),
    (["He", "flew", "to", "LA"], ["PRON", "VERB", "ADP", "PROPN"], [1, 1, 1, 2], ["nsubj", "ROOT", "prep", "pobj"],
     3, False),
    (["N.Y.", "officials", "met"], ["PROPN", "NOUN", "VERB"], [1, 2, 2], ["compound", "nsubj", "ROOT"], 0, False),
    (["EU", "rules", "apply"], ["PROPN", "NOUN", "VERB"], [1, 2, 2], ["compound", "nsubj", "ROOT"], 0, False),
    (["LA", "Lakers", "won"], ["PROPN", "PROPN", "VERB"], [1, 2, 2], ["compound", "nsubj", "ROOT"], 0, False),
])
def test_not_a_place(words, pos, heads, deps, acronym, expected):
    from extractors.entities.component import not_a_place

    doc = _doc(words, pos=pos, heads=heads, deps=deps)
    assert not_a_place(doc[acronym:acronym + 1], names(), aliases()) is expected


def test_leading_the_dropped_from_model_org_spans(run_nlp):
    text = "The Heritage Foundation funds research, and the Brookings Institution helps."
    doc = run_nlp(text)
    model = {e.text for e in doc.ents if not e.ent_id_}
    assert {"The Heritage Foundation", "the Brookings Institution"} <= model  # only the model knows them
    found = ents(doc)
    assert ("Heritage Foundation", "ORG", "Heritage Foundation") in found
    assert ("Brookings Institution", "ORG", "Brookings Institution") in found


def test_strip_determiner_keeps_it_on_gazetteer_names():
    from extractors.entities.mentions import Mention, strip_determiner

    doc = _doc(["The", "Heritage", "Foundation", "and", "the", "United", "States"])
    found = strip_determiner(doc, [Mention(0, 3, "ORG"), Mention(4, 7, "GPE", "United States")], names())
    assert found == [Mention(1, 3, "ORG"), Mention(4, 7, "GPE", "United States")]


def test_acronym_long_form_the_model_missed_becomes_an_org(run_nlp):
    doc = run_nlp("The European Space Agency (ESA) launched a rocket.\nLater ESA said it worked.")
    found = ents(doc)
    assert ("European Space Agency", "ORG", "European Space Agency") in found
    assert found.count(("ESA", "ORG", "European Space Agency")) == 2
    assert not any(text == "European" for text, _, _ in found)


def test_long_form_before_a_parenthesis():
    from extractors.entities.acronyms import long_form_before

    doc = _doc(["Ministers", "joined", "the", "Department", "of", "Critical", "Metals", "(", "DCM", ")", "and",
                "the", "new", "Board", "(", "NB", ")"])
    assert long_form_before(doc, 7, "DCM", names()) == 3
    assert long_form_before(doc, 14, "NB", names()) is None  # "new" is no name word


@pytest.mark.parametrize("text, canonical", [
    ("Microsoft Corporation reported profit. Microsoft shares rose.", "Microsoft Corporation"),
    ("Apple said sales rose. Apple Inc. is based in Cupertino.", "Apple Inc."),
    ("Nvidia shares fell after regulators summoned Nvidia Corporation.", "Nvidia Corporation"),
    ("General Motors Co. said GM would cut jobs.", "General Motors Co."),
])
def test_a_legal_name_in_the_document_names_the_company(run_nlp, text, canonical):
    companies = [(e.text, e.canonical) for e in run_nlp(text)._.nf_entities if e.label == "ORG"]
    assert len(companies) == 2 and {c for _, c in companies} == {canonical}, companies


def test_a_company_named_only_by_its_short_form_keeps_the_gazetteer_id(run_nlp):
    assert ("Nvidia", "ORG", "Nvidia") in ents(run_nlp("Nvidia shares fell on Monday."))


def test_legal_base():
    from extractors.entities.canonical import legal_base

    assert legal_base(["Apple", ",", "Inc."], names()) == ["Apple"]
    assert legal_base(["Tsingshan", "Holding", "Group"], names()) == ["Tsingshan"]
    assert legal_base(["Nvidia"], names()) is None and legal_base(["Group"], names()) is None


def test_company_ids_follow_one_convention():
    # the id is the name in common use, without a legal form ("Nvidia", not "Nvidia Corporation");
    # "Group" and "Holdings" name conglomerates, so they may end an id
    legal_forms = names().legal_suffixes - {"group", "holding", "holdings"}
    for _, obj in read_jsonl(HERE / "companies.jsonl"):
        assert obj["id"].split()[-1].lower() not in legal_forms, obj


@pytest.mark.parametrize("text", [
    "Biden took the lead in the polls, and the team won gold and silver at the Olympics.",
    "Police found lead pipes under the tin roof.",
    "Steel yourself, he said, it is a silver lining.",
])
def test_everyday_words_are_no_materials(run_nlp, text):
    assert [e for e in run_nlp(text)._.nf_entities if e.label == "MATERIAL"] == []


@pytest.mark.parametrize("text, materials", [
    ("Gold prices rose while the price of silver fell.", ["Gold", "silver"]),
    ("Steel and aluminum tariffs rose.", ["Steel", "aluminum"]),
    ("Spot gold hit a record, and gold and silver futures followed.", ["gold", "gold", "silver"]),
    ("Lithium demand grew; copper stayed flat.", ["Lithium", "copper"]),
])
def test_materials_in_a_commodity_context(run_nlp, text, materials):
    assert [e.text for e in run_nlp(text)._.nf_entities if e.label == "MATERIAL"] == materials


def test_material_ids(run_nlp):
    found = ents(run_nlp("Heavy rare earths are scarcer than light rare earths."))
    assert ("Heavy rare earths", "MATERIAL", "heavy rare earths") in found
    assert ("light rare earths", "MATERIAL", "light rare earths") in found


def test_commodity_words_must_name_known_materials(tmp_path):
    from extractors.entities.lexicon import commodities

    bad = tmp_path / "commodities.json"
    bad.write_text(json.dumps({"ambiguous": ["gold", "unobtainium"], "context": ["prices"],
                               "coordinators": ["and"]}), "utf-8")
    with pytest.raises(RuleDataError, match="unobtainium"):
        commodities.__wrapped__(bad)


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
    assert table["nvidia corporation"] == ("ORG", "Nvidia")


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


def test_short_form_needs_a_legal_name_not_just_a_longer_one():
    from extractors.entities.canonical import consolidate
    from extractors.entities.mentions import Mention

    doc = _doc(["Orvex", "Mining", "met", "Tellmar", "Resources", "Ltd.", ";", "Orvex", "and", "Tellmar",
                "Resources", "agreed"])
    mentions = [Mention(0, 2, "ORG"), Mention(3, 6, "ORG"), Mention(7, 8, "ORG"), Mention(9, 11, "ORG")]
    named = [(doc[m.start:m.end].text, canonical) for m, canonical in consolidate(doc, mentions, names(), {})]
    assert named == [("Orvex Mining", "Orvex Mining"), ("Tellmar Resources Ltd.", "Tellmar Resources Ltd."),
                     ("Orvex", "Orvex"), ("Tellmar Resources", "Tellmar Resources Ltd.")]
