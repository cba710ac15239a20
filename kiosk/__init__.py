"""A touch-first museum kiosk that presents an exhibit from a local JSON content bundle."""

__version__ = "0.1.0"
