"""How people reach standoff: the command line."""
