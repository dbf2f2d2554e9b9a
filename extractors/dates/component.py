"""PLACEHOLDER (replaced by the dates work): sets doc._.nf_dates to ()."""
from spacy.language import Language


def make_dates(nlp: Language, name: str):
    def component(doc):
        doc._.nf_dates = ()
        return doc
    return component
