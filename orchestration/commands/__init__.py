"""One module per group of `account-health` commands: each holds its commands and their parsers."""
