"""The Qt user interface: main window, views, dialogs, item models and undo commands."""
