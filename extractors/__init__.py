"""spaCy pipeline of rule-based extractors: `build_nlp(settings)` and the extractor version.

Each extractor is a package with a spaCy factory, pure functions over Doc/Span, and its
rule data in files beside it. `register()` registers all factories and Doc extensions;
it is idempotent and runs from `build_nlp`, never at import time.

Doc extensions (tuples of schemas records, set by the components):
    doc._.nf_blocks      layout blocks (schemas.Block; set by the caller before the pipeline runs)
    doc._.nf_published   publication date anchoring relative dates (set by the caller; may be None)
    doc._.nf_entities    schemas.Entity
    doc._.nf_quantities  schemas.Quantity
    doc._.nf_dates       schemas.TimeExpression
    doc._.nf_claims      schemas.Claim
"""

from __future__ import annotations

from extractors.pipeline import COMPONENTS, add_components, build_nlp, extractor_version, register

__all__ = ["COMPONENTS", "add_components", "build_nlp", "extractor_version", "register"]
