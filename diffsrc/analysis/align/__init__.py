"""Cross-source paragraph alignment for comparable (not parallel) news text, English and French.

Outlets reorder, merge, add and drop paragraphs, so alignment here is many-to-many and ignores
order; a paragraph without counterpart is a normal result. The method, in layers (one module each):

1. ``stemming``: English stemming and the French-English lexicon (``resources/fr_en_lexicon.tsv``)
   with regular cognate rewrites (sécurité -> security); lexicon synonyms share one concept.
2. ``features``: each paragraph becomes a set of language-independent *keys* -- names
   (``e:kyiv`` from Kyiv/Kiev/Kiew), numbers with units (``n:3:percent`` from "3 %"), dates and
   weekdays (``d:monday`` from "lundi") and content-word concepts (``w:...``).
3. ``index``: each source's keys in array form (``SourceIndex``), and an inverted index from
   key to paragraphs over all sources (``CorpusIndex``); ``codec`` stores it as bytes.
4. ``scoring``: for each pair of sources, keys are weighted by IDF over the two sources'
   paragraphs; only paragraphs sharing a distinctive key are scored (blocking), by the geometric
   mean of a weighted cosine and the amount of shared evidence; a link is kept when its score is
   high and it is the best or nearly the best link of both paragraphs; "same" above a higher
   threshold, else "related"; everything else stays unaligned.
5. ``aligner``: ``Aligner`` ties it together. Everything after the per-source features depends
   only on the two sources of a pair, so pair results are cached (``diffsrc.io.cache.Cache``) by the
   two sources' content hashes, the aligner configuration and the diffsrc version: adding one
   source to a comparison only scores its pairs, and ``focus`` (``diffsrc check``) scores only
   the pairs of the new sources.
"""

from __future__ import annotations

from diffsrc.analysis import normalize
from diffsrc.analysis.align.aligner import Aligner
from diffsrc.analysis.align.codec import corpus_from_bytes, corpus_to_bytes
from diffsrc.analysis.align.config import METHOD, AlignConfig
from diffsrc.analysis.align.features import (
    ParaFeatures,
    alignable,
    compute_features,
    paragraph_features,
    proper_nouns,
    tokens,
)
from diffsrc.analysis.align.index import CorpusIndex, SourceIndex, build_corpus, build_index, merge_corpora
from diffsrc.analysis.align.scoring import MAX_CELLS, PairLink, score_pairs, score_source
from diffsrc.analysis.align.stemming import Lexicon, en_stem, fr_cognate, fr_lookup, lexicon

__all__ = [
    "METHOD", "MAX_CELLS", "AlignConfig", "Aligner", "CorpusIndex", "Lexicon", "PairLink", "ParaFeatures", "SourceIndex",
    "alignable", "build_corpus", "build_index", "compute_features", "corpus_from_bytes", "corpus_to_bytes", "en_stem",
    "fr_cognate", "fr_lookup", "lexicon", "merge_corpora", "normalize", "paragraph_features", "proper_nouns",
    "score_pairs", "score_source", "tokens",
]  # fmt: skip
