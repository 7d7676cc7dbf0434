"""Privacy duties: a family's data for a request of access, and destroying closed cases
whose retention period is over."""
