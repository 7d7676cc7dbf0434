"""Safety plans: versioned rules for everyday life, agreed with the family and approved by
the consultant (domain brief, section 4)."""
