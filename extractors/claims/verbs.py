"""Reporting verbs: "X said (that) ...", "..., X said", "X told Y ...", "X warned of ...",
"customs data reveals ...", "what officials described as ...", "it was reported that ...",
"the phrase mentioned by X". Pure functions over the dependency parse: the verb's subject
(or passive agent, or the subject it shares with the verb it hangs on) is the speaker, the
relations its class allows (cues.json) carry the content.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from extractors.claims.lexicon import Cues
from extractors.claims.spans import Found, Range, minus, subtree, trim, trim_all

SUBJECTS = {"nsubj", "nsubjpass"}
DASHES = {"—", "–", "--", "-"}
AFTERTHOUGHTS = {"including", "such"}
# Object pronouns and wh-words that are no content ("told him", "what officials described").
NO_CONTENT_OBJECTS = {"me", "him", "her", "us", "them", "you", "it", "this", "that", "so", "what", "which",
                      "something", "anything", "nothing", "everything", "much", "little", "more", "one", "lot"}
# Relations by which a verb shares the subject of the verb it depends on ("..., adding that").
SHARES_SUBJECT = {"conj", "advcl", "xcomp"}


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)


def _noun_phrase(tok: Token) -> Range:
    """The whole noun phrase with modifiers and appositives, as annotators mark a source, up to
    an afterthought set off by a dash or opened by "including"."""
    doc = tok.doc
    start, end = subtree(tok)
    for child in tok.rights:
        first = child.left_edge
        if first.lower_ in AFTERTHOUGHTS or (first.i > 0 and doc[first.i - 1].text in DASHES) \
                or first.text in DASHES:
            end = min(end, first.i)
    return start, end


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in SUBJECTS), None)


def speaker_of(verb: Token, cues: Cues) -> tuple[Range | None, bool]:
    """(speaker range or None, whether a sourceless reading is legitimate: a passive without
    agent, "it was reported")."""
    if _is_passive(verb):
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        return (_noun_phrase(pobj), False) if pobj is not None else (None, True)
    subj = _subject(verb)
    if subj is not None:
        if subj.lower_ in cues.expletives:
            return None, True
        if subj.tag_ in {"WP", "WDT"} and verb.dep_ == "relcl":  # "officials, who said ..."
            return (verb.head.left_edge.i, verb.left_edge.i), False
        return _noun_phrase(subj), False
    if verb.dep_ == "relcl" and verb.head.pos_ in {"NOUN", "PROPN", "PRON"}:
        head = verb.head
        return (head.left_edge.i, min(verb.left_edge.i, head.right_edge.i + 1)), False
    walker = verb
    while walker.dep_ in SHARES_SUBJECT and walker.head.i != walker.i:
        walker = walker.head
        subj = _subject(walker)
        if subj is not None and not _is_passive(walker):
            if subj.lower_ in cues.expletives:
                return None, False
            return _noun_phrase(subj), False
    return None, False


def cue_of(doc: Doc, verb: Token, extra: Token | None = None) -> Range:
    """The verb with a negation right before it ("never said"), its particle ("pointed out")
    and a joining preposition ("called for"); auxiliaries stay out ("has characterized" ->
    "characterized")."""
    start = verb.i
    if start > 0 and doc[start - 1].dep_ == "neg" and doc[start - 1].head.i == verb.i:
        start -= 1
    end = verb.i + 1
    parts = {c.i for c in verb.children if c.dep_ == "prt" and c.i > verb.i}
    if extra is not None:
        parts.add(extra.i)
    while end in parts:
        end += 1
    return start, end


def _object_is_content(obj: Token) -> bool:
    if obj.lower_ in NO_CONTENT_OBJECTS or obj.tag_ in {"WP", "WDT", "PRP"}:
        return False
    return obj.ent_type_ not in {"PERSON", "NORP"}


def content_of(doc: Doc, verb: Token, cues: Cues, speaker: Range | None) -> tuple[list[Range], Token | None]:
    """Content ranges and the preposition that joins the cue, if any."""
    rels = cues.relations.get(verb.lemma_.lower(), frozenset())
    kids = list(verb.children)
    clauses = [c for c in kids if c.dep_ == "ccomp"] if "ccomp" in rels else []
    if clauses:
        return [subtree(c) for c in clauses], None
    if "xcomp" in rels:
        xcomp = [c for c in kids if c.dep_ == "xcomp" and c.i > verb.i]
        if xcomp:
            return [subtree(xcomp[0])], None
    if "parataxis" in rels and verb.dep_ in {"parataxis", "ccomp"} and verb.head.i != verb.i \
            and verb.head.pos_ in {"VERB", "AUX"}:
        # "The talks, he said, went well": the clause the cue interrupts
        holes = [subtree(verb)] + ([speaker] if speaker else [])
        return minus(subtree(verb.head), *holes), None
    if verb.dep_ == "advcl" and any(c.lower_ == "as" and c.dep_ == "mark" for c in kids):
        # "As Greer noted, the talks ..." / "as reported by X"
        return minus(subtree(verb.head), subtree(verb)), None
    if "as" in rels or "oprd" in rels:
        as_phrase = [c for c in kids if (c.dep_ == "prep" and c.lower_ == "as" and "as" in rels)
                     or (c.dep_ == "oprd" and "oprd" in rels)]
        if as_phrase:
            obj = [c for c in kids if c.dep_ == "dobj" and _object_is_content(c)]
            return [subtree(o) for o in obj] + [subtree(a) for a in as_phrase], None
    if "prep" in rels:
        preps = cues.prep_cues.get(verb.lemma_.lower(), frozenset())
        prep = next((c for c in kids if c.dep_ == "prep" and c.lower_ in preps and c.i > verb.i), None)
        if prep is not None:
            pobj = [c for c in prep.children if c.dep_ in {"pobj", "pcomp"}]
            if pobj:
                return [subtree(p) for p in pobj], (prep if prep.i == verb.i + 1 or all(
                    doc[k].dep_ == "prt" for k in range(verb.i + 1, prep.i)) else None)
    if "dobj" in rels:
        objs = [c for c in kids if c.dep_ == "dobj" and c.i > verb.i and _object_is_content(c)]
        if objs:
            return [subtree(objs[0])], None
    return [], None


def from_verb(doc: Doc, verb: Token, cues: Cues) -> Found | None:
    if verb.pos_ not in {"VERB", "AUX"} or not cues.is_cue_verb(verb.lemma_.lower()):
        return None
    speaker, sourceless = speaker_of(verb, cues)
    if speaker is None and not sourceless:
        return None
    if speaker is not None and verb.lemma_.lower() in cues.person_only:
        head = doc[speaker[0]:speaker[1]].root
        if head.lower_ in {"this", "that", "which", "these", "those"}:
            return None
    content, prep = content_of(doc, verb, cues, speaker)
    cue = cue_of(doc, verb, prep)
    holes = [cue] + ([speaker] if speaker else [])
    content = trim_all(doc, [piece for rng in content for piece in minus(rng, *holes)])
    if not content or (len(content) == 1 and content[0][1] - content[0][0] == 1
                       and doc[content[0][0]].lower_ in NO_CONTENT_OBJECTS):
        return None
    return Found(cue=cue, speaker=trim(doc, speaker) if speaker else None, content=content)


def from_participle(doc: Doc, verb: Token, cues: Cues) -> Found | None:
    """A past participle modifying a noun, with an agent: '"adjacent supply chain" mentioned by X'.
    Only when the noun phrase holds a quotation, else it is rarely an attribution."""
    if verb.dep_ != "acl" or verb.tag_ != "VBN" or not cues.is_cue_verb(verb.lemma_.lower()):
        return None
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if pobj is None:
        return None
    head = verb.head
    content = trim(doc, (head.left_edge.i, verb.left_edge.i))
    if content is None or not any(t.text in '“”"' for t in doc[content[0]:content[1]]):
        return None
    return Found(cue=cue_of(doc, verb), speaker=trim(doc, _noun_phrase(pobj)), content=[content],
                 noun_phrase_content=True)


def find(doc: Doc, cues: Cues) -> Iterator[Found]:
    for tok in doc:
        found = from_verb(doc, tok, cues) or from_participle(doc, tok, cues)
        if found is not None:
            yield found
