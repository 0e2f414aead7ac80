"""Incidents: from status pages, monitors and tickets to one notice in every thread they touch."""
