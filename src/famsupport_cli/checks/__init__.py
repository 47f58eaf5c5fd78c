"""Checks of content that run the engine: reachability of conditions, vignette references."""
