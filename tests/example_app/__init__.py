"""A minimal app built only from files in its own folder: the worked example of the recipe in
docs/architecture.md ("Adding a model"). Installed for the test run only (tests/settings.py)."""
