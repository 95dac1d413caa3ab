"""Renderers: turn result objects into tables, JSON, CSV and HTML. They never compute."""
