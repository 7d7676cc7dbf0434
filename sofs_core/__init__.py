"""Cross-cutting pieces shared by the domain packages: settings, errors, clock."""
