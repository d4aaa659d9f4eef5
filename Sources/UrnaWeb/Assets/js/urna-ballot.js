// Urna.ballot: to be written (issue 12).
