"""Claims: direct, partial and indirect quotes, "according to", hedges, speakers, quotes over
paragraphs, no claims outside prose, and the rule data checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.claims.lexicon import CUES_FILE, cues
from extractors.claims.quotes import find_quotes
from extractors.ruledata import RuleDataError
from schemas import Block, BlockKind, ClaimKind


def claims(doc):
    return list(doc._.nf_claims)


def one(doc, cue: str):
    hits = [c for c in doc._.nf_claims if c.cue is not None and c.cue.text == cue]
    assert len(hits) == 1, (cue, doc._.nf_claims)
    return hits[0]


def test_indirect_said_that(run_nlp):
    doc = run_nlp("US Trade Representative Jamieson Greer met reporters on Monday. "
                  "Greer said that the talks were about halfway done.")
    c = one(doc, "said")
    assert c.kind is ClaimKind.INDIRECT
    assert c.speaker.text == "Greer" and c.speaker.canonical == "Jamieson Greer"
    assert c.content.text == "that the talks were about halfway done"


def test_trailing_cue_and_told(run_nlp):
    doc = run_nlp("The market will recover by spring, the minister said.\n"
                  "Sarah Lin told reporters the mine would reopen in May.")
    said = one(doc, "said")
    assert said.speaker.text == "the minister"
    assert said.content.text == "The market will recover by spring"
    told = one(doc, "told")
    assert told.speaker.text == "Sarah Lin"
    assert told.content.text == "the mine would reopen in May"


def test_other_reporting_verbs(run_nlp):
    doc = run_nlp("Analysts warned that copper supplies would tighten. The company estimated that output fell.")
    assert one(doc, "warned").content.text == "that copper supplies would tighten"
    assert one(doc, "estimated").speaker.text == "The company"


def test_evidence_verb_with_object_content(run_nlp):
    doc = run_nlp("Recent customs data reveals the tangible impact of the tensions on trade flows.")
    c = one(doc, "reveals")
    assert c.speaker.text == "Recent customs data" and c.speaker.canonical is None
    assert c.content.text == "the tangible impact of the tensions on trade flows"


def test_direct_quote_split_by_cue_is_one_claim_with_fragments(run_nlp):
    text = '"We made real progress," Greer said. "We will meet again in August."'
    doc = run_nlp(text)
    quotes = [c for c in claims(doc) if c.kind is ClaimKind.DIRECT_QUOTE]
    assert len(quotes) == 1
    c = quotes[0]
    assert c.speaker.text == "Greer" and c.cue.text == "said"
    assert [f.text for f in c.content.fragments] == ["We made real progress", "We will meet again in August."]
    for f in c.content.fragments:
        assert text[f.start:f.end] == f.text


def test_multi_sentence_quote_before_the_cue(run_nlp):
    doc = run_nlp('Maria Lopez spoke first. She said: "Prices rose. Buyers panicked. Nobody was ready."')
    c = one(doc, "said")
    assert c.kind is ClaimKind.DIRECT_QUOTE
    assert c.content.text == "Prices rose. Buyers panicked. Nobody was ready."
    assert c.speaker.text == "She" and c.speaker.canonical == "Maria Lopez"


def test_quote_over_several_paragraphs(run_nlp):
    text = ('Lena Park said, "The first part of the plan is the mines.\n'
            '"The second part is the refineries, which take years to build."')
    doc = run_nlp(text)
    c = one(doc, "said")
    assert c.kind is ClaimKind.DIRECT_QUOTE
    assert len(c.content.fragments) == 2
    assert c.content.fragments[1].text.startswith("The second part")


def test_curly_quotes(run_nlp):
    doc = run_nlp("“We are halfway there,” the envoy said.")
    c = one(doc, "said")
    assert c.kind is ClaimKind.DIRECT_QUOTE and c.content.text == "We are halfway there"


def test_partial_quotes(run_nlp):
    doc = run_nlp('Jamieson Greer has characterized the talks as "about halfway there" after the meeting.\n'
                  'The disruption hits the entire "adjacent supply chain" mentioned by Trade Representative Greer.')
    c = one(doc, "characterized")
    assert c.kind is ClaimKind.PARTIAL_QUOTE and "about halfway there" in c.content.text
    m = one(doc, "mentioned")
    assert m.kind is ClaimKind.PARTIAL_QUOTE and "adjacent supply chain" in m.content.text
    assert m.speaker.text == "Trade Representative Greer" and m.speaker.canonical == "Jamieson Greer"


def test_according_to_before_and_after(run_nlp):
    doc = run_nlp("Jamieson Greer leads the team. According to Greer, the team hopes to finish soon.\n"
                  "Technical issues remain, according to Greer's statements.")
    first, second = [c for c in claims(doc) if c.kind is ClaimKind.ACCORDING_TO]
    assert first.cue.text == "According to" and first.speaker.text == "Greer"
    assert first.content.text == "the team hopes to finish soon"
    assert second.cue.text == "according to" and second.speaker.canonical == "Jamieson Greer"
    assert second.content.text == "Technical issues remain"


def test_reportedly_has_no_speaker(run_nlp):
    doc = run_nlp("The delegation has reportedly secured new commitments on magnets.")
    c = one(doc, "reportedly")
    assert c.speaker is None and c.kind is ClaimKind.INDIRECT
    assert "secured new commitments" in c.content.text
    # the content runs around the hedge: its fragments leave the cue out
    assert len(c.content.fragments) >= 2
    assert all(f.end <= c.cue.start or f.start >= c.cue.end for f in c.content.fragments)
    assert "reportedly" not in " ".join(f.text for f in c.content.fragments)


def test_passive_without_agent_has_no_speaker(run_nlp):
    doc = run_nlp("It was reported that the plant would close.")
    c = one(doc, "reported")
    assert c.speaker is None and c.content.text == "that the plant would close"


def test_it_of_an_active_reporting_verb_is_a_source_it_of_seems_is_not(run_nlp):
    doc = run_nlp("The report was released on Monday. It says that exports fell sharply.")
    assert one(doc, "says").speaker.text == "It"
    assert one(run_nlp("It seems that the plan failed."), "seems").speaker is None


def test_gerund_after_a_preposition_takes_the_subject_of_its_host(run_nlp):
    c = one(run_nlp("Dean appeared on MSNBC and began by saying he would never diagnose anyone."), "saying")
    assert c.speaker.text == "Dean" and c.content.text == "he would never diagnose anyone"
    c = one(run_nlp("After saying her foot was swollen, she was taken to the hospital."), "saying")
    assert c.speaker.text == "she" and c.content.text == "her foot was swollen"


def test_transcript_labels_open_quoted_paragraphs(run_nlp):
    text = ('PENCE: Well, look, this is serious business.\n'
            '"WALLACE: If I may, sir, will she be there?\n'
            '"PENCE: She will not be attending the debate.')
    labelled = [(c.speaker.text, c.cue.text, c.content.text) for c in claims(run_nlp(text))]
    assert labelled == [("PENCE", ":", "Well, look, this is serious business"),
                        ("WALLACE", ":", "If I may, sir, will she be there"),
                        ("PENCE", ":", "She will not be attending the debate")]


def test_quote_signed_with_a_dash(run_nlp):
    (c,) = claims(run_nlp('"We will never give up on this town." ― Nell Carden Grey'))
    assert (c.kind, c.cue.text, c.speaker.text) == (ClaimKind.DIRECT_QUOTE, "―", "Nell Carden Grey")
    assert c.content.text == "We will never give up on this town."
    text = ("The council met on Monday to discuss the plan for the town.\n"
            '"We will never give up on this town."\n— Nell Carden Grey')
    signed = [c for c in claims(run_nlp(text)) if c.cue is not None and c.cue.text == "—"]
    assert [(c.speaker.text, c.content.text) for c in signed] == [
        ("Nell Carden Grey", "We will never give up on this town.")]
    long_tail = '"We will never give up." ― said by a great many of the people who live here in town'
    assert not [c for c in claims(run_nlp(long_tail)) if c.cue is not None and c.cue.text == "―"]


def test_pronoun_resolves_to_last_named_speaker(run_nlp):
    doc = run_nlp("Maria Lopez said the deal was fair. Later she said it would pass.")
    second = [c for c in claims(doc) if c.speaker is not None and c.speaker.text == "she"]
    assert second and second[0].speaker.canonical == "Maria Lopez"


def test_speaker_with_title_keeps_the_whole_phrase(run_nlp):
    doc = run_nlp("US Trade Representative Jamieson Greer said the magnets would flow again.")
    c = one(doc, "said")
    assert c.speaker.text == "US Trade Representative Jamieson Greer"
    assert c.speaker.canonical == "Jamieson Greer"


def test_unattributed_block_quote(nlp):
    text = "Experts agree on one thing.\n\"Processing capacity isn't simply about mining, it takes years.\""
    doc = nlp.make_doc(text)
    second = text.index("\n") + 1
    doc._.nf_blocks = (Block(0, second - 1, BlockKind.PARAGRAPH), Block(second, len(text), BlockKind.QUOTE))
    doc = nlp(doc)
    quotes = [c for c in claims(doc) if c.kind is ClaimKind.DIRECT_QUOTE]
    assert len(quotes) == 1 and quotes[0].speaker is None and quotes[0].cue is None
    assert quotes[0].content.text.startswith("Processing capacity")


def test_cueless_quoted_paragraph_continues_the_quote_before_it(run_nlp):
    text = ('"The talks went well," Greer said. "We will meet again soon."\n'
            '"Nothing is agreed until everything is agreed."\n'
            'Analysts were unconvinced.\n'
            '"This is a long standalone quote without a cue."')
    direct = [c for c in claims(run_nlp(text)) if c.kind is ClaimKind.DIRECT_QUOTE]
    assert len(direct) == 2
    greer, alone = direct
    assert greer.speaker.text == "Greer"
    assert [f.text for f in greer.content.fragments][-1] == "Nothing is agreed until everything is agreed."
    assert alone.speaker is None and alone.content.text == "This is a long standalone quote without a cue."


def test_quote_index_finds_quotes_by_position():
    from extractors.claims.assemble import QuoteIndex

    text = 'He said "one" and "two".\n"Three starts\n"and ends here."'
    index = QuoteIndex(find_quotes(text))

    def texts(quotes):
        return [tuple(text[s:e] for s, e in q.fragments) for q in quotes]

    assert texts(index.overlapping([(0, 12)])) == [("one",)]
    assert texts(index.overlapping([(10, 20), (40, 45)])) == [("one",), ("two",), ("Three starts", "and ends here.")]
    assert texts(index.overlapping([(13, 18)])) == []
    assert texts(index.starting_after(12)) == [("two",), ("Three starts", "and ends here.")]


def test_headings_and_table_cells_hold_no_claims(nlp):
    text = "Officials said prices will rise\nAnalysts say | demand grows"
    doc = nlp.make_doc(text)
    nl = text.index("\n")
    bar = text.index(" | ")
    doc._.nf_blocks = (Block(0, nl, BlockKind.HEADING), Block(nl + 1, bar, BlockKind.TABLE_CELL),
                       Block(bar + 3, len(text), BlockKind.TABLE_CELL))
    assert claims(nlp(doc)) == []


def test_claim_offsets_line_up(run_nlp):
    text = "Ana Ruiz said the mine would reopen. According to the ministry, output rose."
    doc = run_nlp(text)
    assert len(claims(doc)) == 2
    for c in claims(doc):
        for span in (c.content, c.cue, c.speaker):
            if span is not None:
                assert text[span.start:span.end] == span.text
        assert c.start <= c.content.start and c.content.end <= c.end
        assert c.sentence_start <= c.start and c.end <= c.sentence_end


def test_find_quotes_pairs_and_continuations():
    text = 'He said "one" and "two".\n"Three starts\n"and ends here."'
    qs = find_quotes(text)
    inner = [tuple(text[s:e] for s, e in q.fragments) for q in qs]
    assert inner == [("one",), ("two",), ("Three starts", "and ends here.")]


def test_cue_lexicon_is_valid_and_bad_file_is_reported(tmp_path):
    lex = cues()
    assert "ccomp" in lex.relations["say"] and "dobj" in lex.relations["reveal"]
    assert ("according", "to") in lex.according_to and "reportedly" in lex.hedges
    bad = tmp_path / "cues.json"
    bad.write_text(json.dumps({"verb_classes": {"x": {"content": ["telepathy"], "subject": "person",
                                                      "lemmas": ["say"]}}}), "utf-8")
    with pytest.raises(RuleDataError, match="telepathy"):
        cues.__wrapped__(bad)
    bad.write_text(json.dumps({"verb_classes": {"x": {"content": ["ccomp"], "subject": "robots",
                                                      "lemmas": ["say"]}}}), "utf-8")
    with pytest.raises(RuleDataError, match="'subject' must be one of"):
        cues.__wrapped__(bad)


def test_verb_classes_are_merged_with_the_most_permissive_subject(tmp_path):
    path = tmp_path / "cues.json"
    data = json.loads((Path(CUES_FILE)).read_text("utf-8"))
    data["verb_classes"] = {"belief": {"content": ["ccomp"], "subject": "person", "lemmas": ["hope", "find"]},
                            "evidence": {"content": ["dobj"], "subject": "any", "lemmas": ["find"]}}
    lex = cues.__wrapped__(path) if path.write_text(json.dumps(data), "utf-8") else None
    assert lex.subject_rule == {"hope": "person", "find": "any"}
    assert lex.relations["find"] == {"ccomp", "dobj"} and lex.relations["hope"] == {"ccomp"}


def test_person_only_verbs_need_a_subject_that_can_hold_a_view(run_nlp):
    doc = run_nlp("Sales hope to recover next year. Voters hope to see lower prices.")
    hopes = [c for c in claims(doc) if c.cue is not None and c.cue.text == "hope"]
    assert [c.speaker.text for c in hopes] == ["Voters"]
    # a speech verb takes a person or a text that carries words, not any thing
    doc = run_nlp("The report argues that voters are angry. The bridge argues that the river is high.")
    assert [c.speaker.text for c in claims(doc) if c.cue and c.cue.text == "argues"] == ["The report"]


def test_reporting_verb_inside_a_quote_is_no_cue(run_nlp):
    doc = run_nlp('"I said we would win, and we did," Smith told reporters.')
    (c,) = claims(doc)
    assert c.cue.text == "told" and c.speaker.text == "Smith" and c.kind is ClaimKind.DIRECT_QUOTE
    assert c.content.text == "I said we would win, and we did"
    # a quoted paragraph with no cue of its own: "told" inside it names no speaker
    (alone,) = claims(run_nlp('Experts were worried.\n"The minister told us that the mine would close."'))
    assert alone.kind is ClaimKind.DIRECT_QUOTE and alone.cue is None and alone.speaker is None
    # the cue between two quoted fragments is the speaker's, not the "said" inside the first
    (split,) = claims(run_nlp('"Officials said the mine would close," Lopez said. "They lied."'))
    assert split.speaker.text == "Lopez" and split.cue.start == 45
    assert [f.text for f in split.content.fragments] == ["Officials said the mine would close", "They lied."]


def test_quote_opened_before_the_cue_paragraph_joins_it(run_nlp):
    text = ('Maria Lopez spoke to reporters on Monday. "We made real progress on magnets.\n'
            '"The second part will take longer," she said.')
    (c,) = [c for c in claims(run_nlp(text)) if c.kind is ClaimKind.DIRECT_QUOTE]
    assert [f.text for f in c.content.fragments] == ["We made real progress on magnets.",
                                                       "The second part will take longer"]
    assert c.speaker.text == "she" and c.speaker.canonical == "Maria Lopez"


def test_a_surname_the_model_labelled_norp_is_whom_he_refers_to(run_nlp):
    from extractors.claims.speakers import SpeakerResolver
    from schemas import Entity

    text = "Greer spoke first. Then he said the talks went well."
    doc = run_nlp(text)
    he = doc.char_span(text.index("he said"), text.index("he said") + 2)

    def resolver(label):
        return SpeakerResolver((Entity(0, 5, "Greer", label, "Greer", 0, 18),), cues(), doc)

    assert resolver("NORP").canonical(he) == "Greer"
    assert resolver("PERSON").canonical(he) == "Greer"
    assert resolver("GPE").canonical(he) is None  # "he" is no place
    named = resolver("NORP")
    assert named.canonical(doc[0:1]) == "Greer" and named.canonical(he) == "Greer"


def test_a_preposition_with_a_date_is_no_content(run_nlp):
    assert claims(run_nlp("Greer spoke on Monday.")) == []
    c = one(run_nlp("Greer spoke about the magnets on Monday."), "spoke about")
    assert c.content.text == "the magnets"


def test_passive_raising_keeps_the_subject_in_the_content(run_nlp):
    c = one(run_nlp("The plant is said to be losing money."), "said")
    assert c.speaker is None
    assert [f.text for f in c.content.fragments] == ["The plant", "to be losing money"]


def test_a_name_the_model_missed_takes_the_canonical_of_its_entity(run_nlp):
    doc = run_nlp("President Trump said tariffs would stay. Trump added that talks continue.")
    assert [c.speaker.canonical for c in claims(doc)] == ["Trump", "Trump"]
    assert one(doc, "said").speaker.text == "President Trump"


def test_statistic_with_the_data_source_of_the_sentence_before(run_nlp):
    text = ("Recent customs data reveals the impact of the tensions on trade flows. "
            "June 2025 saw 353 tons of rare earth magnets flow from China to the US.\n"
            "Officials met in Geneva.")
    doc = run_nlp(text)
    reveals = one(doc, "reveals")
    assert reveals.kind is ClaimKind.INDIRECT  # its content holds no quantity
    (stat,) = [c for c in claims(doc) if c.kind is ClaimKind.STATISTIC]
    assert stat.cue is None and stat.speaker.text == "Recent customs data"
    assert stat.content.text == "June 2025 saw 353 tons of rare earth magnets flow from China to the US."
    assert stat.start == stat.speaker.start and stat.sentence_start == 0


def test_statistic_without_a_source(run_nlp):
    doc = run_nlp("Officials met in Geneva.\nJune 2025 saw 353 tons of magnets flow to the United States.\n"
                  "Beijing launched export controls in early April 2025. The talks were tense.\n"
                  "How many tons were shipped in 2024?")
    stats = [c for c in claims(doc) if c.kind is ClaimKind.STATISTIC]
    assert [c.content.text for c in stats] == ["June 2025 saw 353 tons of magnets flow to the United States.",
                                               "Beijing launched export controls in early April 2025."]
    assert all(c.speaker is None and c.cue is None for c in stats)


def test_a_data_source_stating_a_quantity_makes_a_statistic(run_nlp):
    doc = run_nlp("Exports of lithium rose 12% to 4,500 tonnes in March, according to customs figures.\n"
                  "Customs data shows that exports rose 12% in March.\n"
                  "The minister said that exports rose 12% in March.")
    kinds = {c.cue.text: (c.kind, c.speaker.text) for c in claims(doc)}
    assert kinds == {"according to": (ClaimKind.STATISTIC, "customs figures"),
                     "shows": (ClaimKind.STATISTIC, "Customs data"),
                     "said": (ClaimKind.INDIRECT, "The minister")}


def test_statistics_can_be_switched_off(nlp):
    from extractors.claims.component import ClaimExtractor

    doc = nlp("June 2025 saw 353 tons of magnets flow to the United States.")
    assert [c.kind for c in doc._.nf_claims] == [ClaimKind.STATISTIC]
    assert ClaimExtractor(statistics=False)(doc)._.nf_claims == ()


@pytest.mark.parametrize(("text", "cue", "hedge"), [
    ("Analysts said prices may rise.", "said", "may"),
    ("The findings suggest that demand is weak.", "suggest", "suggest"),
    ("Officials said the deal is expected to close soon.", "said", "expected to"),
    ("The minister said output will likely rise.", "said", "likely"),
    ("The firm said it is on track to double output.", "said", "on track to"),
    ("Analysts estimated that output fell.", "estimated", "estimated"),
])
def test_hedges_and_forecasts_are_flagged(run_nlp, text, cue, hedge):
    c = one(run_nlp(text), cue)
    assert c.hedge is not None and c.hedge.text == hedge
    assert text[c.hedge.start:c.hedge.end] == hedge


def test_flat_statements_carry_no_hedge(run_nlp):
    doc = run_nlp("The minister said output rose in May. Officials said the set of rules was final.")
    assert [c.hedge for c in claims(doc)] == [None, None]


def test_a_hedged_statistic(run_nlp):
    (c,) = claims(run_nlp("Prices will likely rise about 20% next year."))
    assert c.kind is ClaimKind.STATISTIC and c.hedge.text == "likely"


def test_in_a_statement_is_the_speaker_s_cue(run_nlp):
    c = one(run_nlp("The ministry said in a statement that exports would resume in May."), "said in a statement")
    assert c.speaker.text == "The ministry" and c.content.text == "that exports would resume in May"
    confirmed = one(run_nlp("In a statement, the company confirmed the closure."), "confirmed")
    assert confirmed.speaker.text == "the company" and confirmed.content.text == "the closure"
