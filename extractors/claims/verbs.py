"""Reporting verbs: "X said (that) ...", "..., X said", "X told Y ...", "X warned of ...",
"customs data reveals ...", "what officials described as ...", "it was reported that ...",
"the phrase mentioned by X". Pure functions over the dependency parse: the verb's subject
(or passive agent, or the subject it shares with the verb it hangs on) is the speaker, the
relations its class allows (cues.json) carry the content.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.attrs import POS
from spacy.parts_of_speech import AUX as AUX_POS
from spacy.parts_of_speech import VERB as VERB_POS
from spacy.tokens import Doc, Token

from extractors.claims.lexicon import Cues
from extractors.claims.quotes import CLOSERS, OPENERS, QUOTE_MARKS
from extractors.claims.spans import Found, Range, minus, subtree, token_indices, trim, trim_all

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


def noun_phrase(tok: Token) -> Range:
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


def subject(verb: Token) -> Token | None:
    """The verb's subject; of several ('"Full panic mode," said X' parses the quote as one
    too) the first after the verb, else the nearest before it; none when that one sits inside
    a quotation before the verb."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
    if not subjects:
        return None
    subj = next((c for c in subjects if c.i > verb.i), subjects[-1])
    if subj.i < verb.i and any(t.text in CLOSERS for t in verb.doc[subj.right_edge.i + 1:verb.i]):
        return None
    return subj


def _expletive(verb: Token, subj: Token, cues: Cues) -> bool:
    """A subject that names no one: "there", or "it" of a raising verb ("it seems that");
    "it says" of an active reporting verb is a pronoun for a text or a body."""
    if subj.lower_ not in cues.expletives:
        return False
    return subj.lower_ != "it" or subj.dep_ == "expl" or "raise" in cues.relations.get(cues.lemma_of(verb) or "", ())


def speaker_of(verb: Token, cues: Cues) -> tuple[Range | None, bool]:
    """(speaker range or None, whether a sourceless reading is legitimate: a passive without
    agent, "it was reported"). A relative pronoun is the speaker as written ("officials, who
    said ..." -> "who"); antecedent() names whom it stands for."""
    if _is_passive(verb):
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        return (noun_phrase(pobj), False) if pobj is not None else (None, True)
    subj = subject(verb)
    if subj is not None:
        if _expletive(verb, subj, cues):
            return None, True
        return noun_phrase(subj), False
    if verb.dep_ == "relcl" and verb.head.pos_ in {"NOUN", "PROPN", "PRON"}:
        head = verb.head
        return (head.left_edge.i, min(verb.left_edge.i, head.right_edge.i + 1)), False
    walker = verb
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.dep_ == "prep" \
            and verb.head.head.pos_ in {"VERB", "AUX"}:
        # "began by saying ...", "after saying ..., she was whisked off": the host verb's subject
        walker = verb.head.head
        subj = next((c for c in walker.children if c.dep_ in SUBJECTS), None)
        if subj is not None and subj.lower_ not in cues.expletives:
            return noun_phrase(subj), False
    while walker.dep_ in SHARES_SUBJECT and walker.head.i != walker.i:
        walker = walker.head
        subj = subject(walker)
        if subj is not None and not _is_passive(walker):
            if subj.lower_ in cues.expletives:
                return None, False
            return noun_phrase(subj), False
    return None, False


def antecedent(verb: Token, speaker: Range | None) -> Range | None:
    """The noun phrase a relative-pronoun speaker stands for ("officials" of "officials, who
    said"), or None."""
    if speaker is None or speaker[1] - speaker[0] != 1 or verb.dep_ != "relcl":
        return None
    pronoun = verb.doc[speaker[0]]
    if pronoun.tag_ not in {"WP", "WDT"}:
        return None
    head = verb.head
    return head.left_edge.i, min(pronoun.i, head.right_edge.i + 1)


def person_like(tok: Token, cues: Cues) -> bool:
    """A subject head that can hold a view: a named entity, a personal pronoun, a noun for
    people or groups ("officials", "the campaign", "supporters"), or a quantity of those
    ("60 percent of voters")."""
    if tok.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} or tok.pos_ == "PROPN":
        return True
    word = tok.lower_
    if word in cues.person_pronouns or cues.is_person_noun(word) or cues.is_person_noun(tok.lemma_.lower()):
        return True
    if word in cues.quantifier_nouns or tok.pos_ == "NUM":
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        return pobj is None or person_like(pobj, cues)
    return False


def subject_fits(head: Token, rule: str, cues: Cues) -> bool:
    """Whether a subject with this head may be the source of a verb whose class needs `rule`
    ("Sales hope to recover" is no attribution, "the report says" is)."""
    if rule == "any" or person_like(head, cues):
        return True
    return rule == "source" and (head.lower_ in cues.artifact_nouns or head.lemma_.lower() in cues.artifact_nouns)


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


def _object_is_content(obj: Token, addressed: bool) -> bool:
    """An object is content unless it is a bare pronoun or wh-word, or (`addressed`: the verb
    addresses its object) a person: "told reporters", but "endorsed Clinton"."""
    if obj.lower_ in NO_CONTENT_OBJECTS or obj.tag_ in {"WP", "WDT", "PRP"}:
        return False
    return not (addressed and obj.ent_type_ in {"PERSON", "NORP"})


def content_of(doc: Doc, verb: Token, cues: Cues,
               speaker: Range | None) -> tuple[list[Range], Token | None, str]:
    """Content ranges, the preposition that joins the cue (if any) and the relation that
    carries the content."""
    lemma = cues.lemma_of(verb)
    rels = cues.relations.get(lemma, frozenset())
    addressed = lemma in cues.addressee_verbs
    kids = list(verb.children)
    clauses = [c for c in kids if c.dep_ == "ccomp"] if "ccomp" in rels else []
    if clauses:
        return [subtree(c) for c in clauses], None, "ccomp"
    if "ccomp" in rels and _is_passive(verb):
        # "The plant is said to be losing money": the subject and what it is said to do
        subj = next((c for c in kids if c.dep_ == "nsubjpass" and c.lower_ not in cues.expletives), None)
        xcomp = next((c for c in kids if c.dep_ == "xcomp" and c.i > verb.i), None)
        if subj is not None and xcomp is not None:
            return [subtree(subj), subtree(xcomp)], None, "passive"
    if "xcomp" in rels:
        xcomp = [c for c in kids if c.dep_ == "xcomp" and c.i > verb.i]
        if xcomp:
            return [subtree(xcomp[0])], None, "xcomp"
    if "parataxis" in rels and verb.dep_ in {"parataxis", "ccomp"} and verb.head.i != verb.i \
            and verb.head.pos_ in {"VERB", "AUX"}:
        # "The talks, he said, went well": the clause the cue interrupts
        holes = [subtree(verb)] + ([speaker] if speaker else [])
        return minus(subtree(verb.head), *holes), None, "parataxis"
    if verb.dep_ == "advcl" and any(c.lower_ == "as" and c.dep_ == "mark" for c in kids):
        # "As Greer noted, the talks ..." / "as reported by X"
        return minus(subtree(verb.head), subtree(verb)), None, "parataxis"
    if "as" in rels or "oprd" in rels:
        as_phrase = [c for c in kids if (c.dep_ == "prep" and c.lower_ == "as" and "as" in rels)
                     or (c.dep_ == "oprd" and "oprd" in rels)]
        if as_phrase:
            obj = [c for c in kids if c.dep_ in {"dobj", "nsubjpass"} and _object_is_content(c, addressed)]
            return [subtree(o) for o in obj] + [subtree(a) for a in as_phrase], None, "as"
    if "prep" in rels:
        preps = cues.prep_cues.get(lemma, frozenset())
        prep = next((c for c in kids if c.dep_ == "prep" and c.lower_ in preps and c.i > verb.i), None)
        if prep is not None:
            pobj = [c for c in prep.children if c.dep_ in {"pobj", "pcomp"}]
            if pobj and not any(p.ent_type_ in {"DATE", "TIME"} for p in pobj):  # "spoke on Monday"
                return [subtree(p) for p in pobj], (prep if prep.i == verb.i + 1 or all(
                    doc[k].dep_ == "prt" for k in range(verb.i + 1, prep.i)) else None), "prep"
    if "dobj" in rels:
        objs = [c for c in kids if c.dep_ == "dobj" and c.i > verb.i and _object_is_content(c, addressed)]
        if objs:
            return [_with_complements(verb, objs[0], cues)], None, "dobj"
        if _is_passive(verb):  # "Cruz was endorsed by Fiorina", "Reagan was criticized for ..."
            subj = next((c for c in kids if c.dep_ == "nsubjpass" and _object_is_content(c, addressed)), None)
            if subj is not None:
                return [subtree(subj), *_complements(verb, verb.i + 1, cues)], None, "dobj"
    return [], None, ""


def _complements(verb: Token, after: int, cues: Cues) -> list[Range]:
    """The prepositional phrases of `verb` that follow token `after` one after the other and
    complete what was said ("of taking cues", "for accusing ..."), up to one about time."""
    out, pos = [], after
    for child in verb.rights:
        if child.i < pos or child.dep_ == "agent":
            continue
        if child.dep_ != "prep" or child.lower_ not in cues.object_preps or child.left_edge.i != pos \
                or any(t.ent_type_ in {"DATE", "TIME"} for t in child.children):
            break
        out.append(subtree(child))
        pos = child.right_edge.i + 1
    return out


def _with_complements(verb: Token, obj: Token, cues: Cues) -> Range:
    """The object with the phrases that complete it ("accused Sanders of taking cues")."""
    start, end = subtree(obj)
    for s, e in _complements(verb, end, cues):
        end = e
    return start, end


def from_verb(doc: Doc, verb: Token, cues: Cues) -> Found | None:
    lemma = cues.lemma_of(verb)
    if verb.pos_ not in {"VERB", "AUX"} or lemma is None:
        return None
    if "raise" in cues.relations[lemma]:
        raised = from_raising(doc, verb, cues)
        if raised is not None:
            return raised
    speaker, sourceless = speaker_of(verb, cues)
    if speaker is None and not sourceless:
        return None
    ante = antecedent(verb, speaker)
    if speaker is not None:
        head = doc[ante[0]:ante[1]].root if ante else doc[speaker[0]:speaker[1]].root
        if head.lower_ in {"this", "that", "which", "these", "those"} \
                or not subject_fits(head, cues.subject_rule[lemma], cues):
            return None
    content, prep, relation = content_of(doc, verb, cues, speaker)
    cue = cue_of(doc, verb, prep)
    if not content and "quote" in cues.relations[lemma]:
        content = adjacent_quote(doc, *_hull(cue, speaker))
    holes = [cue] + ([speaker] if speaker else [])
    content = trim_all(doc, [piece for rng in content for piece in minus(rng, *holes)])
    if not content or (len(content) == 1 and content[0][1] - content[0][0] == 1
                       and doc[content[0][0]].lower_ in NO_CONTENT_OBJECTS):
        return None
    return Found(cue=cue, speaker=trim(doc, speaker) if speaker else None, content=content, relation=relation,
                 antecedent=ante)


def _hull(*ranges: Range | None) -> Range:
    present = [r for r in ranges if r is not None]
    return min(s for s, _ in present), max(e for _, e in present)


_QUOTE_REACH = 400  # tokens


def adjacent_quote(doc: Doc, first: int, end: int) -> list[Range]:
    """The quotation right before tokens first..end ('"…," said X' parsed without a clause)
    or right after them ('X said: "…"'), within its paragraph; [] when there is none."""
    i = first - 1
    while i >= 0 and (doc[i].text in {",", "—", "–", "-", "--"} or (doc[i].is_space and "\n" not in doc[i].text)):
        i -= 1
    if i >= 0 and doc[i].text in CLOSERS:
        for j in range(i - 1, max(-1, i - _QUOTE_REACH), -1):
            if "\n" in doc[j].text:
                break
            if doc[j].text in OPENERS:
                return [(j + 1, i)] if j + 1 < i else []
    k = end
    while k < len(doc) and (doc[k].text in {",", ":"} or (doc[k].is_space and "\n" not in doc[k].text)):
        k += 1
    if k < len(doc) and doc[k].text in OPENERS:
        for j in range(k + 1, min(len(doc), k + _QUOTE_REACH)):
            if "\n" in doc[j].text:
                break
            if doc[j].text in CLOSERS:
                return [(k + 1, j)] if k + 1 < j else []
    return []


def from_raising(doc: Doc, verb: Token, cues: Cues) -> Found | None:
    """"X seems to Y", "X appears unlikely to Y": an impression with no source; the content is
    the subject and its complement around the cue."""
    subj = subject(verb)
    comp = next((c for c in verb.children if c.dep_ in {"xcomp", "acomp", "oprd"} and c.i > verb.i), None)
    if subj is None or comp is None or subj.lower_ in cues.expletives:
        return None
    content = trim_all(doc, [subtree(subj), subtree(comp)])
    if len(content) != 2:
        return None
    return Found(cue=cue_of(doc, verb), speaker=None, content=content, relation="raise")


def from_participle(doc: Doc, verb: Token, cues: Cues) -> Found | None:
    """A past participle modifying a noun, with an agent: '"adjacent supply chain" mentioned by X'.
    Only when the noun phrase holds a quotation, else it is rarely an attribution."""
    if verb.dep_ != "acl" or verb.tag_ != "VBN" or cues.lemma_of(verb) is None:
        return None
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if pobj is None:
        return None
    head = verb.head
    content = trim(doc, (head.left_edge.i, verb.left_edge.i))
    if content is None or not any(t.text in QUOTE_MARKS for t in doc[content[0]:content[1]]):
        return None
    return Found(cue=cue_of(doc, verb), speaker=trim(doc, noun_phrase(pobj)), content=[content],
                 noun_phrase_content=True)


def find(doc: Doc, cues: Cues) -> Iterator[Found]:
    for i in token_indices(doc, POS, (VERB_POS, AUX_POS)):
        tok = doc[i]
        found = from_verb(doc, tok, cues) or from_participle(doc, tok, cues)
        if found is not None:
            yield found
