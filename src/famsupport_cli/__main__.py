from famsupport_cli.cli import main

main()
