"""PLACEHOLDER (replaced by the entities work): sets doc._.nf_entities to ()."""
from spacy.language import Language


def make_entities(nlp: Language, name: str):
    def component(doc):
        doc._.nf_entities = ()
        return doc
    return component
