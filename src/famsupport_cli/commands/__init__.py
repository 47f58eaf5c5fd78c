"""The commands, one module per area; each registers on `famsupport_cli.app.app` when imported."""
