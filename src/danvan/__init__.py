"""danvan — information system for grassroots mass-mobilization work."""

__version__ = "0.1.0"
