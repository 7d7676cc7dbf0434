"""What a page shows, read in one call: each page asks the domain one question, with one
access check and one line in the audit trail, however many parts it shows (issue 17).
The services here put the domain's services together; they show nothing themselves."""
