from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark's parts (``seed_scale``), installed only where it runs (BENCHMARK)."""

    name = "bench"
    verbose_name = "Banc de performance"
