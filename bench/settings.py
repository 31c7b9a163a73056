"""Production settings with one difference, used by bench/run.py only when collectstatic fails.

A vendored script that names a source map which is not shipped (``//# sourceMappingURL=``)
makes Django's manifest storage abort collectstatic. The benchmark then keeps the
production settings but skips source-map rewriting, and says so in its results.
"""

from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage

from portal.settings.production import *  # noqa: F403
from portal.settings.production import STORAGES


class SourceMapTolerantStorage(CompressedManifestStaticFilesStorage):
    patterns = tuple(
        (glob, tuple(p for p in rules if "sourceMappingURL" not in str(p)))
        for glob, rules in ManifestStaticFilesStorage.patterns
    )


STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "bench.settings.SourceMapTolerantStorage"}}
