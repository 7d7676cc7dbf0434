"""Reusable widget groups."""
