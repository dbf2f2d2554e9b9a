"""PLACEHOLDER (replaced by the quantities work): sets doc._.nf_quantities to ()."""
from spacy.language import Language


def make_quantities(nlp: Language, name: str):
    def component(doc):
        doc._.nf_quantities = ()
        return doc
    return component
