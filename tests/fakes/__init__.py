"""Fakes of outside services, served over real sockets for adapter tests."""
