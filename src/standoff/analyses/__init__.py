"""Analyses: take a conflict, return result objects."""
