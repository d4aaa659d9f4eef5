// Urna.ledger: to be written (issue 12).
