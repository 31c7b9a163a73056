"""Regional-scale data for the benchmark (``manage.py seed_scale``), by topic."""
