"""Everything a person reads in the terminal: tables, bar charts, Markdown, and the one sanitiser (safe.py)."""
