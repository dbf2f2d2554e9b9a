"""Near-duplicate texts by MinHash (Broder 1997) with LSH banding.

A text is its set of word 3-shingles; its signature is, for each of PERMUTATIONS hash
permutations, the smallest hash of any shingle. The share of positions where two
signatures agree estimates the Jaccard similarity of the two shingle sets, so a wire copy
with another credit line or dateline scores near 1 and a different story near 0. To find
candidates without comparing against every stored text, the signature is cut into BANDS
bands of ROWS values: texts that agree on a whole band share an index entry. With 16
bands of 4 rows a pair at similarity 0.8 shares a band with probability 1 - (1 - 0.8**4)**16
> 0.999. Our own short implementation over Python integers: deterministic across processes
and versions (hashes are BLAKE2b, the permutations derived from fixed labels), no C build.
"""

from __future__ import annotations

import hashlib
import re

PERMUTATIONS = 64
BANDS = 16
ROWS = PERMUTATIONS // BANDS
SHINGLE = 3
_PRIME = (1 << 61) - 1  # a Mersenne prime above every 60-bit shingle hash
_WORD = re.compile(r"\w+")


def _hash(data: str, bits: int = 60) -> int:
    return int.from_bytes(hashlib.blake2b(data.encode("utf-8"), digest_size=8).digest(), "big") >> (64 - bits)


# (a, b) of each permutation x -> (a*x + b) mod p, from fixed labels.
_PERMS = tuple((_hash(f"newsfacts-minhash-a-{i}") | 1, _hash(f"newsfacts-minhash-b-{i}")) for i in range(PERMUTATIONS))


def shingles(text: str) -> set[str]:
    """Case-folded word 3-shingles (the words themselves for a text under three words)."""
    words = _WORD.findall(text.casefold())
    return {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))} if words else set()


def signature(text: str) -> tuple[int, ...]:
    """The MinHash signature of `text`; an empty text has all values _PRIME (it matches nothing real)."""
    hashes = [_hash(s) for s in shingles(text)]
    if not hashes:
        return (_PRIME,) * PERMUTATIONS
    return tuple(min((a * h + b) % _PRIME for h in hashes) for a, b in _PERMS)


def similarity(a: tuple[int, ...] | list[int], b: tuple[int, ...] | list[int]) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return sum(x == y for x, y in zip(a, b, strict=True)) / PERMUTATIONS


def bands(sig: tuple[int, ...]) -> list[int]:
    """One signed 64-bit key per band (for an indexed BIGINT column)."""
    keys = []
    for band in range(BANDS):
        rows = ",".join(map(str, sig[band * ROWS:(band + 1) * ROWS]))
        keys.append(int.from_bytes(hashlib.blake2b(f"{band}:{rows}".encode(), digest_size=8).digest(), "big",
                                   signed=True))
    return keys
