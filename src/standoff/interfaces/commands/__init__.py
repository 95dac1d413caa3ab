"""Commands beyond analyze/validate/convert, one module each; importing a module registers its command."""
