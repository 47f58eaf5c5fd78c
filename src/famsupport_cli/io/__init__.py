"""The edges: files, terminals and prompts. The core never imports from here."""
