"""Administration commands: migrate, load the demo, create accounts."""
