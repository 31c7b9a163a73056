"""Directory and resource search on the portal's one search behaviour (:mod:`portal.search`)."""
