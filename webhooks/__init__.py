"""coopbot's web side: webhook receivers, health and the app factory."""
