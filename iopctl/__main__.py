"""Allow `python -m iopctl`."""

from iopctl.cli.app import main

main()
