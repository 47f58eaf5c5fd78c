"""The pure core: answers, conditions, the walk, the engine and rendering. No printing, no prompting."""
