"""Registration for the annual report: what a case adds to the figures, and the figures."""
