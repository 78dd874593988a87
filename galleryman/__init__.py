"""galleryman: a desktop app for managing Wix Pro Galleries."""

__version__ = "0.1.0"
