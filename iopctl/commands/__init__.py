"""One module per subcommand: thin typer functions that parse options and hand over to the domain."""
