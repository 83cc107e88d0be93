"""Sub-commands of the ``streamdesk`` command line, one module each."""
