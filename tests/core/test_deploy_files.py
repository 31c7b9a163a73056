"""The deployment files, checked as far as this machine allows (no Docker engine here).

- compose.yaml against the Compose Specification's JSON schema (the copy vendored in
  check-jsonschema: no network), plus what the issue asks of it; ``docker compose config``
  too when the Compose plugin is installed (skipped otherwise);
- the Dockerfile parsed by Docker's own parser (the ``dockerfile`` package) and held to
  hadolint-like rules: pinned base image, non-root user, static files collected at build;
- the systemd units read as INI files, and by ``systemd-analyze verify`` where it exists;
- both Caddyfiles by ``caddy validate`` (Debian's caddy, installed by .ci/run);
- the same commands in the Procfile, compose.yaml and the systemd units.
"""

import configparser
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings

DEPLOY = Path(settings.BASE_DIR) / "deploy"
UNITS = ("maillage-web", "maillage-worker", "maillage-scheduler", "maillage-backup")


def compose():
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def test_compose_file_follows_the_compose_specification():
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec",
         str(DEPLOY / "compose.yaml")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_schema_check_can_fail(tmp_path):
    """The schema check above is not vacuous: a misspelt key is refused."""
    broken = tmp_path / "compose.yaml"
    broken.write_text("services:\n  web:\n    image: x\n    replicas_typo: 2\n")
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec",
         str(broken)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode != 0


def test_compose_runs_two_web_replicas_worker_scheduler_database_redis_and_caddy():
    services = compose()["services"]
    assert {"web", "worker", "scheduler", "db", "redis", "caddy", "migrate"} <= set(services)
    assert services["web"]["deploy"]["replicas"] == 2
    assert services["scheduler"]["deploy"]["replicas"] == 1
    assert "readyz" in " ".join(services["web"]["healthcheck"]["test"])
    assert services["db"]["image"].startswith("postgres:15")
    assert {"80:80", "443:443"} <= set(services["caddy"]["ports"])
    for name in ("web", "worker", "scheduler"):
        service = services[name]
        assert service["environment"]["DJANGO_SETTINGS_MODULE"] == "portal.settings.production"
        assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert "private:/app/var/private" in service["volumes"]
    caddyfile = (DEPLOY / "Caddyfile").read_text()
    assert "{$SITE_DOMAIN}" in caddyfile and "name web" in caddyfile and "port 8000" in caddyfile


@pytest.mark.skipif(
    subprocess.run(["docker", "compose", "version"], capture_output=True).returncode != 0  # noqa: S607
    if shutil.which("docker")
    else True,
    reason="the Docker Compose plugin is not installed here",
)
def test_docker_compose_config_accepts_the_file(tmp_path):
    env = tmp_path / ".env"
    env.write_text("POSTGRES_PASSWORD=x\nSITE_DOMAIN=maillage.test\nACME_EMAIL=a@b.c\n")
    result = subprocess.run(  # noqa: S603
        ["docker", "compose", "-f", str(DEPLOY / "compose.yaml"), "--env-file", str(env),  # noqa: S607
         "config", "--quiet"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(
    not shutil.which("caddy"), reason="caddy is not installed (.ci/run installs it)"
)
@pytest.mark.parametrize("caddyfile", ["Caddyfile", "systemd/Caddyfile"])
def test_caddy_validates_the_caddyfiles(caddyfile, tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),  # caddy's storage, not the machine's
        "SITE_DOMAIN": "maillage.example.org",
        "ACME_EMAIL": "bureau@example.org",
    }
    result = subprocess.run(  # noqa: S603
        ["caddy", "validate", "--adapter", "caddyfile", "--config", str(DEPLOY / caddyfile)],  # noqa: S607
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Valid configuration" in result.stderr + result.stdout


def dockerfile():
    import dockerfile as parser

    return parser.parse_file(str(DEPLOY / "Dockerfile"))


def test_dockerfile_builds_a_non_root_image_with_static_files_collected():
    commands = dockerfile()
    names = [c.cmd.upper() for c in commands]
    base = next(c for c in commands if c.cmd.upper() == "FROM").value[0]
    assert ":" in base and not base.endswith(":latest"), "pinned base image"
    users = [c.value[0] for c in commands if c.cmd.upper() == "USER"]
    assert users and users[-1] not in {"root", "0"}, "the image runs as a non-root user"
    runs = [(i, " ".join(c.value)) for i, c in enumerate(commands) if c.cmd.upper() == "RUN"]
    collect = [i for i, text in runs if "collectstatic" in text]
    assert collect and collect[0] < names.index("USER"), "static files collected at build"
    for _i, text in runs:
        if "apt-get install" in text:  # hadolint DL3015, DL3009
            assert "--no-install-recommends" in text and "rm -rf /var/lib/apt/lists" in text
    assert "HEALTHCHECK" in names and "ADD" not in names  # hadolint DL3020
    assert "/healthz" in " ".join(next(c for c in commands if c.cmd.upper() == "HEALTHCHECK").value)


def units():
    parsed = {}
    for name in UNITS:
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.optionxform = str
        parser.read(DEPLOY / "systemd" / f"{name}.service")
        parsed[name] = parser
    return parsed


def test_systemd_units_run_as_an_unprivileged_user_and_restart():
    for name, unit in units().items():
        service = unit["Service"]
        assert service["User"] == "maillage", name
        assert service["EnvironmentFile"] == "/etc/maillage/maillage.env", name
        assert "portal.settings.production" in service["Environment"], name
        assert service.get("NoNewPrivileges") == "true", name
        if name != "maillage-backup":
            assert service["Restart"] == "always", name
    timer = configparser.ConfigParser(strict=False, interpolation=None)
    timer.read(DEPLOY / "systemd" / "maillage-backup.timer")
    assert timer["Timer"]["OnCalendar"]


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_systemd_analyze_verify(tmp_path):
    # Verified with the commands they name present: a stand-in tree under /opt is not made,
    # so only the syntax and the directives are judged (missing executables are reported apart).
    result = subprocess.run(  # noqa: S603
        ["systemd-analyze", "verify", "--man=no",  # noqa: S607
         *[str(DEPLOY / "systemd" / f"{n}.service") for n in UNITS],
         str(DEPLOY / "systemd" / "maillage-backup.timer")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    problems = [
        line
        for line in result.stderr.splitlines()
        if line.strip()
        and "is not executable" not in line
        and "No such file or directory" not in line
        and "Command /opt/maillage" not in line
        and "maillage.target" not in line
    ]
    assert not problems, result.stderr


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_systemd_analyze_verify_can_fail(tmp_path):
    unit = tmp_path / "broken.service"
    unit.write_text("[Service]\nExecStart=/bin/true\nRestartt=always\n")
    result = subprocess.run(  # noqa: S603
        ["systemd-analyze", "verify", "--man=no", str(unit)],  # noqa: S607
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert "Restartt" in result.stderr


def test_procfile_compose_and_systemd_run_the_same_commands():
    procfile = dict(
        line.split(":", 1)
        for line in (Path(settings.BASE_DIR) / "Procfile").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    )
    services = compose()["services"]
    parsed = units()
    for process, command in (("worker", "run_worker"), ("scheduler", "run_scheduler")):
        assert command in procfile[process]
        assert command in services[process]["command"]
        assert command in parsed[f"maillage-{process}"]["Service"]["ExecStart"]
    assert "portal.wsgi:application" in procfile["web"]
    assert "portal.wsgi:application" in services["web"]["command"]
    assert "portal.wsgi:application" in parsed["maillage-web"]["Service"]["ExecStart"]
    assert "backup_portal" in " ".join(services["backup"]["command"])
    assert "backup_portal" in parsed["maillage-backup"]["Service"]["ExecStart"]
