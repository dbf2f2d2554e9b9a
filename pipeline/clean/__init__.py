"""Clean: raw HTML or text -> Article (main text, layout blocks, metadata), or a Problem.
The modules here each do one part of it; `clean` in cleaner.py puts them together."""

from pipeline.clean.cleaner import clean, layout, text_blocks

__all__ = ["clean", "layout", "text_blocks"]
