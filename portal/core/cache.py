"""The Redis cache backend used in production: django-redis, fail-open while Redis is down."""

from django_redis.cache import RedisCache as DjangoRedisCache


class RedisCache(DjangoRedisCache):
    """django-redis with ``add()`` answering True while Redis is unreachable.

    With ``IGNORE_EXCEPTIONS`` django-redis turns a lost Redis into cache misses, but its
    ``add()`` then returns None. allauth's rate limiter takes its lock with ``add()`` and
    answers 429 when it cannot: every sign-in would be refused while Redis is down. With no
    Redis there is nothing to lock, so the caller goes on (rate limits resume with Redis).
    """

    def add(self, *args, **kwargs):
        added = super().add(*args, **kwargs)
        return True if added is None else added
