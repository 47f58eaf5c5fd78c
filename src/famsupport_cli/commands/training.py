"""Trainings: case vignettes, group runs (batch) and the debrief report."""
