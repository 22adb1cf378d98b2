"""Allow `python -m iopctl`."""

from iopctl.cli import main

main()
