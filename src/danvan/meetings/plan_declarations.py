"""Declarations of plans and planned visits (imported by declarations.py): the planner's part."""
