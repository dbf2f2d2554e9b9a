"""Claims: direct, partial and indirect quotes, "according to", hedges, speakers, quotes over
paragraphs, no claims outside prose, and the rule data checks."""

from __future__ import annotations

import json

import pytest

from extractors.claims.lexicon import cues
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
    bad.write_text(json.dumps({"verb_classes": {"x": {"content": ["telepathy"], "subject_person_only": False,
                                                      "lemmas": ["say"]}}}), "utf-8")
    with pytest.raises(RuleDataError, match="telepathy"):
        cues.__wrapped__(bad)
