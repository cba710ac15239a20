"""The exhibit bundle: its model, loading and validation. This package never imports Qt."""

from kiosk.content.load import Loaded, load_bundle
from kiosk.content.model import Bundle
from kiosk.content.problems import Problem, Report, Severity

__all__ = ["Bundle", "Loaded", "Problem", "Report", "Severity", "load_bundle"]
