"""The production examples in deploy/: nginx accepts the proxy configuration, and it buffers,
times out slow clients, limits bodies as the app does and passes the headers the app trusts."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from web.platform.assets import ASSET_FILES
from core.platform.settings import PROJECT_ROOT
from web.platform.config import from_environment

DEPLOY = PROJECT_ROOT / "deploy"
NGINX_CONF = DEPLOY / "nginx.conf"
CHECKOUT = "/srv/egov-portal"


def _conf() -> str:
    return re.sub(r"#[^\n]*", "", NGINX_CONF.read_text())


def _directive(name: str, text: str | None = None) -> list[str]:
    return [v.strip() for v in re.findall(rf"(?m)^\s*{name}\s+([^;]+);", text or _conf())]


def _seconds(value: str) -> float:
    number, unit = re.fullmatch(r"(\d+)(ms|s|m)?", value).groups()
    return int(number) * {"ms": 0.001, "s": 1, "m": 60, None: 1}[unit]


def _location(pattern: str) -> str:
    match = re.search(rf"location\s+{pattern}\s*\{{(.*?)\}}", _conf(), re.S)
    assert match, f"no location {pattern}"
    return match.group(1)


def _self_signed(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=portal.example.az", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_nginx_accepts_the_proxy_configuration(tmp_path):
    cert, key = _self_signed(tmp_path)
    conf = NGINX_CONF.read_text()
    conf = conf.replace("/etc/ssl/egov-portal/fullchain.pem", str(cert))
    conf = conf.replace("/etc/ssl/egov-portal/privkey.pem", str(key))
    conf = conf.replace("/var/cache/nginx/egov-queue", str(tmp_path / "queue-cache"))
    (tmp_path / "egov-portal.conf").write_text(conf)
    mime = Path("/etc/nginx/mime.types")
    (tmp_path / "nginx.conf").write_text(f"""
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{}}
http {{
    {f"include {mime};" if mime.exists() else ""}
    access_log off;
    client_body_temp_path {tmp_path}/body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    include {tmp_path}/egov-portal.conf;
}}
""")
    result = subprocess.run(["nginx", "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"),
                             "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


def test_requests_and_answers_are_buffered_by_nginx():
    assert _directive("proxy_request_buffering") == ["on"]
    assert _directive("proxy_buffering") == ["on"]
    assert _directive("client_body_buffer_size") == ["64k"]
    assert _directive("proxy_buffers")


def test_slow_clients_are_cut_at_nginx_within_seconds():
    for name, limit in (("client_header_timeout", 15), ("client_body_timeout", 15),
                        ("send_timeout", 60)):
        values = _directive(name)
        assert values, f"{name} is not set"
        assert all(_seconds(v) <= limit for v in values), f"{name} {values} > {limit} s"


def test_the_body_limit_is_the_apps_default_body_limit(monkeypatch, tmp_path):
    monkeypatch.delenv("EGOV_MAX_BODY_BYTES", raising=False)
    settings = from_environment({"SECRET_KEY": "x", "INSTANCE_PATH": tmp_path})
    app_limit = settings["MAX_CONTENT_LENGTH"]
    (limit,) = _directive("client_max_body_size")
    assert int(limit.rstrip("k")) * 1024 == app_limit
    assert re.search(r"EGOV_MAX_BODY_BYTES=(\d+)", (DEPLOY / "egov-portal.service").read_text()) \
        .group(1) == str(app_limit)


def test_the_proxy_passes_the_client_address_scheme_and_host():
    headers = dict(v.split(None, 1) for v in _directive("proxy_set_header"))
    assert headers["Host"] == "$host"
    assert headers["X-Forwarded-For"] == "$proxy_add_x_forwarded_for"
    assert headers["X-Forwarded-Proto"] == "$scheme"
    for forgeable in ("X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Prefix", "Forwarded"):
        assert headers[forgeable] == '""', f"{forgeable} from the client must not reach the app"
    assert "http://egov_portal" in _directive("proxy_pass")
    assert _directive("server", re.search(r"upstream egov_portal\s*\{(.*?)\}", _conf(), re.S)
                      .group(1)) == ["127.0.0.1:8000"]


def test_metrics_answer_only_to_internal_addresses():
    block = _location(r"=\s*/metrics")
    assert _directive("deny", block) == ["all"]
    allowed = _directive("allow", block)
    assert "127.0.0.1" in allowed
    assert not [a for a in allowed if a in ("all", "0.0.0.0/0", "::/0")]


def test_every_asset_the_app_serves_comes_from_the_same_file_on_disk():
    conf = _conf()
    served = {}
    for pattern, path in re.findall(r"location\s+(?:[=~]\s*)?(\S+)\s*\{\s*alias\s+([^;]+);", conf):
        if "/assets/" not in pattern:
            continue
        names = re.findall(r"[\w.-]+\\?\.\w+", pattern.split("/assets/", 1)[1])
        for name in (n.replace("\\", "") for n in names):
            served[name] = path.replace("$asset", name)
    assert set(served) == set(ASSET_FILES)
    for name, path in served.items():
        assert Path(path.replace(CHECKOUT, str(PROJECT_ROOT))) == ASSET_FILES[name]


def test_hashed_assets_are_cached_for_a_year():
    assert re.search(r"map \$arg_v \$egov_asset_cache \{[^}]*default\s+\"public, "
                     r"max-age=31536000, immutable\";", _conf())


def test_the_units_run_behind_one_trusted_proxy_over_https_without_the_sandbox():
    for unit in ("egov-portal.service", "egov-jobs.service"):
        text = (DEPLOY / unit).read_text()
        assert "Environment=EGOV_PROXY_COUNT=1" in text
        assert "Environment=EGOV_URL_SCHEME=https" in text
        assert "Environment=EGOV_SANDBOX=0" in text
    portal = (DEPLOY / "egov-portal.service").read_text()
    assert "--bind 127.0.0.1:8000" in portal
    assert "huey_consumer core.worker.huey" in (DEPLOY / "egov-jobs.service").read_text()


def test_the_sales_queue_status_is_kept_a_second_by_nginx_and_sent_no_cookie():
    status = _location(r"~ \"\^/guzestli-menzil/satis/\[0-9\]\{1,9\}/novbe/veziyyet\$\"")
    assert "proxy_cache egov_queue" in status and "proxy_cache_valid 200 1s" in status
    assert 'proxy_set_header Cookie ""' in status and "proxy_cache_lock on" in status
    assert "keys_zone=egov_queue" in _conf()
