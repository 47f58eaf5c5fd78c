"""The content model and loader: everything the tool says comes from content/ YAML."""
