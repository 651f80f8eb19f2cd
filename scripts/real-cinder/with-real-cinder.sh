#!/usr/bin/env bash
# Runs a command against a real OpenStack Cinder with a real Keystone: installs and starts them with
# cinder-ci.sh (KEYSTONE=1), exports the demo user's OS_* (its openrc) and CINDER_TARGET=real, runs the command,
# and stops the services again whatever happens. Needs root (or sudo) and Debian's mirror for the install.
# REAL_CINDER_INSTALLED=1 skips the install: the caller has just run install.sh (.ci/run does, in the background).
#   scripts/real-cinder/with-real-cinder.sh npx mocha …
set -euo pipefail
cd "$(dirname "$0")/../.."
export KEYSTONE=1
export CINDER_CI_DIR="${CINDER_CI_DIR:-${TMPDIR:-/tmp}/real-cinder}"
script=scripts/real-cinder/cinder-ci.sh

if [ "${REAL_CINDER_INSTALLED:-}" != 1 ]; then
  scripts/real-cinder/install.sh
fi
# A run interrupted earlier may have left services behind: stop them before starting afresh.
"$script" stop >/dev/null 2>&1 || true
trap '"$script" stop' EXIT
# Another run on this machine (a second checkout's CI) may hold the ports: wait for it rather than fail.
waited=0
while busy=$("$script" busy-ports) && [ -n "$busy" ]; do
  if [ "$waited" -ge "${REAL_CINDER_PORT_WAIT:-900}" ]; then
    echo "ports $busy are still taken after ${waited}s; what listens on them:" >&2
    ss -Hltnp >&2 || true
    exit 1
  fi
  [ "$waited" -eq 0 ] && echo "ports $busy are taken, by another real Cinder on this machine?; waiting up to ${REAL_CINDER_PORT_WAIT:-900}s" >&2
  sleep 5; waited=$((waited + 5))
done
"$script" start

# shellcheck disable=SC1091
. "$CINDER_CI_DIR/openrc"
export CINDER_TARGET=real
"$@"
