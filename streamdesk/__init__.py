"""StreamDesk: an offline planner for upstream strategy and downstream content."""

__version__ = "0.1.0"
