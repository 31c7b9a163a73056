"""Enumerate every URL pattern of the project and build a concrete URL for each."""

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

# Patterns the matrix does not request one by one, and why.
SKIPPED_PREFIXES = {
    "admin/": "Wagtail admin internals (224 views): gated as a whole by wagtailadmin.access_admin "
    "and the 2FA middleware; a sample of them is in ADMIN_SAMPLE",
}
SKIPPED_NAMES = {
    "wagtail_serve": "the page tree: every live page is requested instead (test_page_matrix)",
    "bench-bare": "benchmark ceiling view, public and static (same as healthz)",
}


def iter_patterns(resolver=None, prefix="", namespace=None):
    """Yield (route, name, pattern) for every leaf pattern, namespaced names."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from iter_patterns(pattern, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name
            if name and namespace:
                name = f"{namespace}:{name}"
            yield prefix + str(pattern.pattern), name or prefix + str(pattern.pattern), pattern


def fill(route, values):
    """Turn a route (path converters or regex groups) into a URL with the test objects' values."""
    import re

    def converter(match):
        key = match.group(2)
        if key not in values:
            raise KeyError(key)
        return str(values[key])

    url = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m.group(1)]), route)
    url = re.sub(r"<(?:(\w+):)?(\w+)>", converter, url)
    url = url.replace("^", "").replace("$", "")
    url = re.sub(r"\(\?:[^)]*\)\*?", "", url)
    return "/" + url


def concrete_urls(values_for):
    """{name: url} for every pattern not skipped; shadowed patterns are reported apart.

    ``values_for(name)`` returns the kwargs for that pattern (the test objects' keys).
    A pattern whose URL resolves to another pattern (machina's views that our
    forum app overrides with the same path) is "shadowed": it cannot be reached.
    """
    urls, shadowed = {}, {}
    for route, name, _pattern in iter_patterns():
        if name in SKIPPED_NAMES or any(route.startswith(p) for p in SKIPPED_PREFIXES):
            continue
        values = values_for(name)
        try:
            url = values["__url__"] if "__url__" in values else fill(route, values)
        except KeyError as exc:
            raise AssertionError(
                f"unknown URL pattern {name} ({route}): no test value for {exc}; "
                "add it to the matrix (values_for_factory and MATRIX)"
            ) from None
        try:
            match = resolve(url.split("?")[0])
        except Resolver404:
            raise AssertionError(f"{name}: built URL {url} does not resolve") from None
        resolved = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
        if resolved != name:
            shadowed[name] = resolved
            continue
        urls[name] = url
    return urls, shadowed
