"""Images: stand-in plates now, renditions and tiles later. This package never imports Qt."""
