"""Find numbers in text: digits (separators, decimals, fractions), number words and scales.

Pure functions over a string; the grammar (grammar.py) decides which numbers become quantities.
A number too large for a float (over ~308 digits) is not read: it has no finite value.
A number records what touches it (a letter before: a code like 'H20'; a sign before: maybe
negative) so the grammar can judge it in context.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from extractors.quantities.lexicon import SP, NumberWords

# Denominators a written fraction may have ('1/2', '3 / 4', '10 1/2'); others are dates or scores.
FRACTION_DENOMINATORS = frozenset({2, 3, 4, 5, 6, 8, 10, 12, 16, 32, 64, 100})
_DECIMAL = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?!,\d{3})|\.\d+")
_DECIMAL_COMMA = re.compile(r",(\d{1,2})(?![\d,])")
_FRACTION = re.compile(rf"(\d+){SP}?/{SP}?(\d+)")
_MIXED_SEP = re.compile(rf"(?:{SP}+|-)")
_WORD = re.compile(r"[A-Za-z]+")
_WORD_SEP = re.compile(rf"(?:{SP}*-{SP}*|{SP}+)")
_SIGN = "-−–"
_LAST_WORD = re.compile(rf"(?<![^\W\d_])([A-Za-z]+){SP}+$")
_SCALE_WORD = re.compile(rf"(?:{SP}+|-)([A-Za-z]+)")
_SCALE_GAP = re.compile(rf"{SP}+(?:and{SP}+)?", re.IGNORECASE)
_AND_A_HALF = re.compile(rf"{SP}+and{SP}+a{SP}+half(?![^\W_])", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Number:
    """A number at text[start:end]. `sign_at`: offset of a minus sign just before it, if any."""

    start: int
    end: int
    value: float
    words: bool = False  # written in words ('forty-five')
    scale: float = 1.0  # the scale word's factor, already in `value` ('1.2 million': 1e6)
    plain_integer: bool = False  # digits only, no separator or decimal ('2025')
    after_letter: bool = False  # glued to a letter before it ('H20', 'scp173')
    sign_at: int | None = None


def _fraction_at(text: str, i: int) -> tuple[int, float] | None:
    m = _FRACTION.match(text, i)
    if not m:
        return None
    num, den = int(m.group(1)), int(m.group(2))
    after = text[m.end():m.end() + 1]
    if den not in FRACTION_DENOMINATORS or not 0 < num < den or after == "/" or after.isdigit():
        return None
    return m.end(), num / den


def _digits_at(text: str, i: int, nw: NumberWords) -> tuple[int, float, bool] | None:
    """(end, value, plain_integer) for a digit number starting at `i`."""
    frac = _fraction_at(text, i)
    if frac:
        return frac[0], frac[1], False
    m = _DECIMAL.match(text, i)
    if not m:
        return None
    raw = m.group()
    value = float(raw.replace(",", ""))
    end = m.end()
    plain = raw.isdigit()
    comma = _DECIMAL_COMMA.match(text, end) if plain and len(raw) <= 3 else None
    if comma:  # '1,5 years', '3,50 euros': a decimal comma (a thousands comma takes three digits)
        return comma.end(), float(f"{raw}.{comma.group(1)}"), False
    if end < len(text) and text[end] in nw.unicode_fractions:  # '2½'
        return end + 1, value + nw.unicode_fractions[text[end]], False
    sep = _MIXED_SEP.match(text, end)
    if sep and "." not in raw and "," not in raw:  # '10 1/2', '7 3 / 4'
        frac = _fraction_at(text, sep.end())
        if frac:
            return frac[0], value + frac[1], False
    return end, value, plain


def _scale_after(text: str, end: int, nw: NumberWords) -> tuple[int, float]:
    """Scale words after a number ('million', 'hundred thousand'): (new end, multiplier)."""
    factor, last = 1.0, float("inf")
    while True:
        m = _SCALE_WORD.match(text, end)
        if not m:
            return end, factor
        word = m.group(1).lower()
        scale = nw.scales.get(word) or nw.hundred.get(word)
        if scale is None or scale == last or (scale > last and word in nw.hundred):
            return end, factor  # 'hundred thousand', '3 hundred million', 'thousand million', 'lakh crore'
        factor *= scale
        last = scale
        end = m.end()


def _half_after(text: str, end: int) -> int | None:
    m = _AND_A_HALF.match(text, end)
    return m.end() if m else None


class _WordParser:
    """A small state machine over consecutive number words: 'one hundred and five thousand',
    'forty-five', 'half a million', 'a dozen', 'two-thirds', 'two and a half'."""

    def __init__(self, words: list[re.Match[str]], text: str, nw: NumberWords) -> None:
        self.words, self.text, self.nw = words, text, nw

    def _joined(self, k: int) -> bool:
        """Word k follows word k-1 with only spaces or one hyphen between."""
        gap = self.text[self.words[k - 1].end():self.words[k].start()]
        return bool(_WORD_SEP.fullmatch(gap))

    def _lower(self, k: int) -> str | None:
        return self.words[k].group().lower() if k < len(self.words) else None

    def parse(self, k: int) -> tuple[int, float] | None:
        """(index of the last word used, value) for number words starting at word k."""
        nw = self.nw
        total, current = 0.0, 0.0
        last: str | None = None
        end_k: int | None = None
        last_scale = float("inf")
        group_hundred = False  # a hundred is already in the group since the last scale word
        before_and: tuple[int | None, float, float, str | None] | None = None  # the state an 'and' may return to
        i = k
        if self._lower(i) in nw.negatives:
            return None  # the sign is read by the grammar, like '-' before digits
        while i < len(self.words):
            if i > k and not self._joined(i):
                break
            w = self._lower(i)
            nxt = self._lower(i + 1) if i + 1 < len(self.words) and self._joined(i + 1) else None
            if last is None and w in nw.articles:
                if nxt in nw.hundred or nxt in nw.scales or nxt in nw.multiples or nxt == "half":
                    current, last = 1.0, "article"
                    i += 1
                    continue
                if nxt in nw.fractions and self._lower(i + 2) == "of":
                    return self._of_a_scale(i + 1, 1.0 / nw.fractions[nxt])  # 'a quarter of (a million)'
                break
            if last is None and w == "half":
                if nxt not in nw.articles:
                    break
                if self._lower(i + 2) in nw.scales or self._lower(i + 2) in nw.multiples:
                    current, last = 0.5, "article"  # 'half a million', 'half a dozen'
                    i += 2
                    continue
                return i, 0.5  # 'half an hour', 'half a percentage point'

            if w in nw.ones:
                v = nw.ones[w]
                if last == "tens" and 0 < v < 10:
                    current += v
                elif last in (None, "hundred", "and"):
                    current += v
                elif last == "scale":
                    current = v
                else:
                    break
                last, end_k = "ones" if last != "tens" else "tens_ones", i
            elif w in nw.tens:
                if last not in (None, "hundred", "and", "scale"):
                    break
                current = nw.tens[w] + (current if last in ("hundred", "and") else 0.0)
                last, end_k = "tens", i
            elif w in nw.hundred:
                if last not in ("ones", "tens", "tens_ones", "article"):
                    break
                if group_hundred:  # 'one hundred and two hundred': two numbers, joined by 'and'
                    if before_and is not None:
                        end_k, total, current, last = before_and
                    break
                current *= nw.hundred[w]
                group_hundred = True
                last, end_k = "hundred", i
            elif w in nw.scales:
                scale = nw.scales[w]
                if last not in ("ones", "tens", "tens_ones", "hundred", "article", "half") or scale >= last_scale:
                    if scale >= last_scale and before_and is not None:  # 'one thousand and two thousand'
                        end_k, total, current, last = before_and
                    break
                total += current * scale
                current, last_scale, group_hundred = 0.0, scale, False
                last, end_k = "scale", i
            elif w in nw.multiples:
                if last not in ("ones", "tens", "tens_ones", "article"):
                    break
                current *= nw.multiples[w]
                last, end_k = "multiple", i
                break
            elif w in nw.fractions:
                if last in ("ones", "tens", "tens_ones") and current >= 1:
                    current /= nw.fractions[w]
                    last, end_k = "fraction", i
                elif last == "article" and w in ("half",):
                    current = 0.5
                    last, end_k = "fraction", i
                break
            elif w == "and" and last in ("hundred", "scale") and (
                    nxt in nw.ones or nxt in nw.tens):
                before_and = end_k, total, current, last
                last = "and"
            elif (w == "and" and last in ("ones", "tens", "tens_ones") and nxt in nw.articles
                  and self._lower(i + 2) == "half" and self._joined(i + 2)):
                current += 0.5
                last, end_k = "half", i + 2
                i += 3
                continue
            else:
                break
            i += 1
        if end_k is None:
            return None
        if last in ("ones", "tens", "tens_ones", "hundred", "scale"):
            end_k, current = self._decimals(end_k, current)
        if last == "fraction" and total == 0:
            return self._of_a_scale(end_k, current)  # 'three quarters of a million'
        return end_k, total + current

    def _of_a_scale(self, end_k: int, fraction: float) -> tuple[int, float]:
        """A fraction of a scale word: 'a quarter of a million' is 250,000."""
        k = end_k + 1
        if (self._lower(k) == "of" and self._lower(k + 1) in self.nw.articles
                and self._lower(k + 2) in self.nw.scales and all(self._joined(j) for j in (k, k + 1, k + 2))):
            return k + 2, fraction * self.nw.scales[self._lower(k + 2) or ""]
        return end_k, fraction

    def _decimals(self, end_k: int, value: float) -> tuple[int, float]:
        """'one point five', 'twenty point two five': digit words after a decimal point word."""
        k = end_k + 1
        if self._lower(k) not in self.nw.points or k + 1 >= len(self.words) or not self._joined(k):
            return end_k, value
        digits = ""
        while k + 1 < len(self.words) and self._joined(k + 1):
            digit = self.nw.ones.get(self._lower(k + 1) or "")
            if digit is None or digit > 9:
                break
            digits += str(int(digit))
            k += 1
        return (k, value + float(f"0.{digits}")) if digits else (end_k, value)


def _fold_stem(word: str, nw: NumberWords) -> float | None:
    """'threefold' -> 3 (the 'fold' is read as a unit by the grammar)."""
    low = word.lower()
    if low.endswith("fold") and len(low) > 4:
        stem = low[:-4]
        return nw.ones.get(stem) or nw.tens.get(stem) or nw.hundred.get(stem)
    return None


def find_numbers(text: str, nw: NumberWords) -> list[Number]:
    """Every number in `text`, left to right, not overlapping."""
    found: list[Number] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isdigit() or (ch == "." and i + 1 < n and text[i + 1].isdigit()) or ch in nw.unicode_fractions:
            prev = text[i - 1] if i else ""
            if prev.isdigit() or (prev in ".," and i > 1 and text[i - 2].isdigit()):
                i += 1
                continue
            if ch in nw.unicode_fractions:
                end, value, plain = i + 1, nw.unicode_fractions[ch], False
            else:
                parsed = _digits_at(text, i, nw)
                if parsed is None:
                    i += 1
                    continue
                end, value, plain = parsed
            half = _half_after(text, end)
            if half:
                end, value, plain = half, value + 0.5, False
            scale_end, factor = _scale_after(text, end, nw)
            if not math.isfinite(value * factor):  # over ~308 digits: no float holds it
                i = scale_end
                continue
            code = prev.isalpha() or (prev in "-/" and _word_before_has_letter(text, i - 1))
            found.append(Number(i, scale_end, value * factor, scale=factor,
                                plain_integer=plain and factor == 1.0, after_letter=code,
                                sign_at=_sign_before(text, i, nw)))
            i = scale_end
            continue
        i += 1
    found.extend(_word_numbers(text, nw, [(f.start, f.end) for f in found]))
    return _join_scaled(text, sorted(found, key=lambda x: x.start))


def _join_scaled(text: str, found: list[Number]) -> list[Number]:
    """'1 million 500 thousand' is one number, 1,500,000: a scaled number followed by a smaller
    scaled one that fits under the first scale."""
    out: list[Number] = []
    for n in found:
        prev = out[-1] if out else None
        if (prev is not None and prev.scale > 1 and 1 < n.scale < prev.scale and 0 < n.value < prev.scale
                and n.sign_at is None and _SCALE_GAP.fullmatch(text, prev.end, n.start)):
            out[-1] = Number(prev.start, n.end, prev.value + n.value, words=prev.words, scale=n.scale,
                             sign_at=prev.sign_at)
            continue
        out.append(n)
    return out


def _word_before_has_letter(text: str, j: int) -> bool:
    """True when the letters and digits glued before offset `j` hold a letter: 'COVID-19',
    'scp2-173' are codes; '3-5' is a range."""
    k = j
    while k > 0 and text[k - 1].isalnum():
        k -= 1
    return any(c.isalpha() for c in text[k:j])


def _sign_before(text: str, i: int, nw: NumberWords) -> int | None:
    """Offset of a minus sign or word before the number at `i` ('-20', '- 20', 'minus 20')."""
    word = _LAST_WORD.search(text, max(0, i - 12), i)
    if word and word.group(1).lower() in nw.negatives:
        return word.start(1)
    j = i - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    if j >= 0 and text[j] in _SIGN:
        before = text[j - 1] if j else ""
        if not before or not before.isalnum() or j < i - 1:
            return j
    return None


def _word_numbers(text: str, nw: NumberWords, taken: list[tuple[int, int]]) -> list[Number]:
    words = list(_WORD.finditer(text))
    parser = _WordParser(words, text, nw)
    out: list[Number] = []
    k = 0
    while k < len(words):
        w = words[k]
        if any(s <= w.start() < e for s, e in taken):
            k += 1
            continue
        fold = _fold_stem(w.group(), nw)
        if fold is not None:
            out.append(Number(w.start(), w.end() - 4, fold, words=True))
            k += 1
            continue
        parsed = parser.parse(k) if w.group().lower() in nw.starters else None
        if parsed is None:
            k += 1
            continue
        end_k, value = parsed
        end = words[end_k].end()
        last_word = words[end_k].group().lower()
        scale_end, factor = (end, 1.0) if last_word in nw.scales else _scale_after(text, end, nw)
        if last_word in nw.scales:
            factor = nw.scales[last_word]  # already in value; recorded for ranges ('three to five million')
            value /= factor
        negative = _negative_word_before(words, k, text, nw)
        start = words[negative].start() if negative is not None else w.start()
        value = value * factor * (-1 if negative is not None else 1)
        out.append(Number(start, scale_end, value, words=True, scale=factor))
        while k < len(words) and words[k].start() < scale_end:
            k += 1
    return out


def _negative_word_before(words: list[re.Match[str]], k: int, text: str, nw: NumberWords) -> int | None:
    if k and words[k - 1].group().lower() in nw.negatives and re.fullmatch(
            f"{SP}+", text[words[k - 1].end():words[k].start()]):
        return k - 1
    return None
