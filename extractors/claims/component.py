"""PLACEHOLDER (replaced by the claims work): sets doc._.nf_claims to ()."""
from spacy.language import Language


def make_claims(nlp: Language, name: str):
    def component(doc):
        doc._.nf_claims = ()
        return doc
    return component
