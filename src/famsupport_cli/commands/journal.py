"""The practitioner's journal: history, show, config, wellbeing and drafts."""
