#!/usr/bin/env bash
# Installs the Debian packages the test suite uses beyond Node itself, when they are missing:
#   docker-compose  validates docker-compose.yml without a Docker engine
#   chromium        the real browser the page tests drive (through playwright-core)
# Needs root (as CI runs); prints what it does, and nothing when all is there.
set -euo pipefail

missing=()
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
[ -x /usr/bin/chromium ] || missing+=(chromium)

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
