#!/usr/bin/env bash
# Installs what this project needs on a fresh Debian 12 machine, and nothing when it is all there.
#
#   - Debian packages: prometheus (+ promtool), prometheus-alertmanager, kcat, a JDK and Maven
#     (the local Kafka broker runs from Maven-fetched jars), Python 3.11 with venv;
#   - .venv with the project installed editable, pinned by constraints.txt;
#   - the Kafka broker's jars in deploy/kafka/libs;
#   - the AsyncAPI parser (npm, pinned by deploy/asyncapi/package-lock.json).
#
# Every step checks first and is skipped when satisfied (the venv by a hash of pyproject.toml
# and constraints.txt), so a second run takes well under a second. Quiet on success: a line
# per step that actually does work; on failure the step's output is shown and we exit 1.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

LOG="$(mktemp)"
POLICY_RC_CREATED=""
cleanup() {
    rm -f "$LOG"
    if [[ -n "$POLICY_RC_CREATED" ]]; then rm -f /usr/sbin/policy-rc.d; fi
}
trap cleanup EXIT

say() { echo "bootstrap: $*"; }
die() { echo "bootstrap: FAILED: $*" >&2; exit 1; }

# Run a command with its output kept aside; show it only if the command fails.
run() {
    : >"$LOG"
    if ! "$@" >"$LOG" 2>&1 </dev/null; then
        echo "bootstrap: FAILED: $*" >&2
        tail -n 80 "$LOG" >&2
        exit 1
    fi
}

sha() { cat "$@" | sha256sum | cut -d' ' -f1; }

# Two `make test`s started together must not install into the same venv at once.
mkdir -p .state
exec 9>.state/.bootstrap.lock
flock 9

# --- Debian packages -----------------------------------------------------------------------
missing=()
have() { command -v "$1" >/dev/null 2>&1; }
have prometheus && have promtool || missing+=(prometheus)
have prometheus-alertmanager || have alertmanager || missing+=(prometheus-alertmanager)
have kcat || missing+=(kcat)
have java && have keytool || missing+=(openjdk-17-jdk-headless)
have mvn || missing+=(maven)
have node && have npm || missing+=(nodejs npm)
if ! have python3.11; then
    missing+=(python3.11 python3.11-venv)
elif ! python3.11 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    missing+=(python3.11-venv)
fi

if ((${#missing[@]})); then
    [[ "$(id -u)" == 0 ]] || die "missing ${missing[*]}; run as root, or: sudo apt-get install ${missing[*]}"
    say "installing Debian packages: ${missing[*]}"
    # Package scripts must not start services: a Prometheus on :9090 or an Alertmanager on
    # :9093 left running would collide with the ones our tests and `make run` start.
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        POLICY_RC_CREATED=1
    fi
    run apt-get update
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
    for svc in prometheus prometheus-alertmanager prometheus-node-exporter; do
        if [[ -d /run/systemd/system ]] && systemctl list-unit-files "$svc.service" >/dev/null 2>&1; then
            systemctl disable --now "$svc" >/dev/null 2>&1 || true
        elif [[ -x "/etc/init.d/$svc" ]]; then
            "/etc/init.d/$svc" stop >/dev/null 2>&1 || true
            update-rc.d "$svc" disable >/dev/null 2>&1 || true
        fi
    done
fi

# --- Python environment ----------------------------------------------------------------------
if [[ ! -x .venv/bin/python ]] || ! .venv/bin/python -c 'import sys; assert sys.version_info[:2] == (3, 11)' >/dev/null 2>&1; then
    say "creating .venv (python3.11)"
    rm -rf .venv
    run python3.11 -m venv .venv
fi
wanted="$(sha pyproject.toml constraints.txt)"
marker=.venv/.bootstrap-installed
if [[ "$(cat "$marker" 2>/dev/null)" != "$wanted" ]]; then
    say "installing the project and its pinned dependencies into .venv"
    run .venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
    echo "$wanted" >"$marker"
fi

# --- Kafka broker jars -------------------------------------------------------------------------
# The same marker streams.broker.ensure_jars() writes: the pom's hash, after Maven succeeded.
if [[ "$(cat deploy/kafka/libs/.complete 2>/dev/null)" != "$(sha deploy/kafka/pom.xml)" ]]; then
    say "fetching the Kafka broker jars (Maven)"
    run .venv/bin/python -c 'from streams.broker import ensure_jars; ensure_jars()'
fi

# --- AsyncAPI parser (validates schemas/asyncapi.yaml in the tests) ------------------------------
lock=deploy/asyncapi/package-lock.json
if [[ "$(cat deploy/asyncapi/node_modules/.bootstrap-installed 2>/dev/null)" != "$(sha "$lock")" ]]; then
    say "installing the AsyncAPI parser (npm ci)"
    run npm ci --prefix deploy/asyncapi --prefer-offline --no-audit --no-fund --ignore-scripts
    sha "$lock" >deploy/asyncapi/node_modules/.bootstrap-installed
fi
