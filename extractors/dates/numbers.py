"""Counts written in words or digits: "twenty-four", "5 1/2", "a couple of", "two thousand",
and the year a run of number words can spell ("nineteen ninety-six")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractors.dates.words import HYPHENS, WordTable

DIGITS = re.compile(r"^\d+(?:,\d{3})*(?:\.\d+)?$")
FRACTION = re.compile(r"^(\d+)/(\d+)$")
YEAR = re.compile(r"^(1\d{3}|20\d\d)$")


def pivot(two_digits: int) -> int:
    """'98 -> 1998, '05 -> 2005."""
    return 2000 + two_digits if two_digits < 30 else 1900 + two_digits


def _is_number_word(word: str, table: WordTable) -> bool:
    return table.value(word, "number") is not None or table.value(word, "multiplier") is not None


def number_at(words: Sequence[str], i: int, table: WordTable) -> tuple[int, float, int | None] | None:
    """Parse number words/digits starting at i: (words consumed, value, the year it
    would be when no unit follows: "nineteen ninety-six" -> 1996, "two thousand" -> 2000)."""
    w = words
    total, current, j, parts = 0.0, 0.0, i, []
    while j < len(w):
        word = w[j]
        if DIGITS.match(word) and not parts:
            current = float(word.replace(",", ""))
            parts.append(current)
            j += 1
            continue
        frac = FRACTION.match(word)
        if frac and int(frac.group(2)):
            current += int(frac.group(1)) / int(frac.group(2))
            parts.append(0)
            j += 1
            continue
        if word in ("a", "an") and parts:
            break
        if word in ("a", "an"):
            after = w[j + 1] if j + 1 < len(w) else ""
            if "multiplier" in table.kinds(after) or after == "half":
                current, j = 1.0, j + 1
                parts.append(1)
                continue
            then = w[j + 2] if j + 2 < len(w) else ""
            if "unit" in table.kinds(after) or after in HYPHENS or (
                    "generic" in table.kinds(after) and "unit" in table.kinds(then)):  # "an additional year"
                current, j = 1.0, j + 1
                parts.append(1)
                break
            return None
        if word == "couple" and not parts:
            current, j = 2.0, j + 1
            parts.append(2)
            if j < len(w) and w[j] == "of":
                j += 1
            break
        if word == "half" and (not parts or w[j - 1] in ("a", "an")):
            current = current * 0.5 if parts and current else 0.5
            parts.append(0.5)
            j += 1
            if j < len(w) and w[j] in ("a", "an"):
                j += 1
            break
        mult = table.value(word, "multiplier")
        if mult and parts:
            current = (current or 1) * mult
            if mult >= 1000:
                total, current = total + current, 0.0
            parts.append(mult)
            j += 1
            continue
        num = table.value(word, "number")
        if num is not None and word not in ("a", "an", "couple", "half") and isinstance(num, (int, float)):
            if parts and j > i and w[j - 1] not in HYPHENS and not _is_number_word(w[j - 1], table):
                break
            current += num
            parts.append(num)
            j += 1
            ones = table.value(w[j + 1], "number") if j + 1 < len(w) and w[j] in HYPHENS else None
            if ones is not None and 20 <= num <= 90 and num % 10 == 0 and 1 <= ones < 10:
                current += ones
                parts.append(ones)
                j += 2
            continue
        break
    if not parts:
        return None
    value = total + current
    year = None
    if len(parts) >= 2 and 10 <= parts[0] <= 20 and all(p < 100 for p in parts) and 1 <= sum(parts[1:]) <= 99:
        year = int(parts[0] * 100 + sum(parts[1:]))
    elif 1000 <= value <= 2099 and value == int(value):
        year = int(value)
    return j - i, value, year

