#!/usr/bin/env bash
# Installs Debian's Cinder and Keystone for with-real-cinder.sh (KEYSTONE=1 cinder-ci.sh install): as root, or
# through sudo. apt downloads and unpacks (about 90 s on a fresh machine, 6-11 s once installed: apt-get update).
# .ci/run starts it in the background at the beginning; with-real-cinder.sh runs it unless REAL_CINDER_INSTALLED=1.
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
