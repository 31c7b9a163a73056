"""Production settings: check --deploy clean, CSP without unsafe-inline scripts, secure cookies, HSTS."""

import os
import subprocess
import sys
import tempfile

from django.conf import settings

PROD_ENV = {
    "SECRET_KEY": "test-deploy-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ",
    "ALLOWED_HOSTS": "maillage.example.org",
    "BASE_URL": "https://maillage.example.org",
    "DEFAULT_FROM_EMAIL": "Maillage <ne-pas-repondre@maillage.example.org>",
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "MAILLAGE_VAR_DIR": os.path.join(tempfile.gettempdir(), "maillage-deploy-check"),
}


def run(*args):
    env = {**os.environ, **PROD_ENV}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' fixture
    return subprocess.run(  # noqa: S603
        [sys.executable, *args], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True
    )


def test_check_deploy_is_clean():
    result = run("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_headers_and_cookies():
    code = (
        "import django; django.setup();"
        "from django.conf import settings as s;"
        "import json;"
        "d = s.CONTENT_SECURITY_POLICY['DIRECTIVES'];"
        "print(json.dumps({'script': d.get('script-src', d.get('default-src')),"
        " 'object': d.get('object-src'), 'frame': d.get('frame-ancestors'),"
        " 'hsts': s.SECURE_HSTS_SECONDS, 'sub': s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        " 'session': s.SESSION_COOKIE_SECURE, 'csrf': s.CSRF_COOKIE_SECURE,"
        " 'httponly': s.SESSION_COOKIE_HTTPONLY, 'ssl': s.SECURE_SSL_REDIRECT,"
        " 'debug': s.DEBUG}))"
    )
    result = run("-c", code)
    assert result.returncode == 0, result.stderr
    import json

    conf = json.loads(result.stdout)
    assert "'unsafe-inline'" not in conf["script"] and "'unsafe-eval'" not in conf["script"]
    assert conf["object"] == ["'none'"]
    assert conf["hsts"] >= 31536000 and conf["sub"]
    assert conf["session"] and conf["csrf"] and conf["httponly"] and conf["ssl"]
    assert conf["debug"] is False


def test_csp_header_is_sent(client, db):
    response = client.get("/healthz")
    csp = response.headers.get("Content-Security-Policy", "")
    script_src = next((d for d in csp.split(";") if d.strip().startswith("script-src")), "")
    assert script_src, csp
    assert "unsafe-inline" not in script_src
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_production_refuses_to_start_without_base_url_or_sender():
    for name, message in (
        ("BASE_URL", "BASE_URL est absente"),
        ("DEFAULT_FROM_EMAIL", "DEFAULT_FROM_EMAIL est absente"),
    ):
        env = {**os.environ, **PROD_ENV}
        env.pop(name)
        env.pop("DATABASE_URL", None)
        result = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "check"],
            env=env,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
        )
        assert result.returncode != 0
        assert message in result.stderr
    result = run_with(BASE_URL="http://maillage.example.org")
    assert result.returncode != 0 and "doit commencer par https://" in result.stderr


def run_with(**overrides):
    env = {**os.environ, **PROD_ENV, **overrides}
    env.pop("DATABASE_URL", None)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
