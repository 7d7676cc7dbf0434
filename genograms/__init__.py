"""People and their relationships: family members now; genograms and networks later."""
