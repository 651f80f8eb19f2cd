#!/usr/bin/env bash
# Runs a command against a real OpenStack Cinder with a real Keystone: installs and starts them with
# cinder-ci.sh (KEYSTONE=1), exports the demo user's OS_* (its openrc) and CINDER_TARGET=real, runs the command,
# and stops the services again whatever happens. Needs root (or sudo) and Debian's mirror for the install.
#   scripts/real-cinder/with-real-cinder.sh npx mocha …
set -euo pipefail
cd "$(dirname "$0")/../.."
export KEYSTONE=1
export CINDER_CI_DIR="${CINDER_CI_DIR:-${TMPDIR:-/tmp}/real-cinder}"
script=scripts/real-cinder/cinder-ci.sh

if [ "$(id -u)" -eq 0 ]; then
  "$script" install
else
  sudo --preserve-env=KEYSTONE,CINDER_CI_DIR "$script" install
fi
# A run interrupted earlier may have left services behind: stop them before starting afresh.
"$script" stop >/dev/null 2>&1 || true
trap '"$script" stop' EXIT
"$script" start

# shellcheck disable=SC1091
. "$CINDER_CI_DIR/openrc"
export CINDER_TARGET=real
"$@"
