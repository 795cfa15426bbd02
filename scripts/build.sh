#!/usr/bin/env bash
# Installs the dependencies (Debian packages) and builds rollsafe.
#   scripts/build.sh [PRESET]     PRESET: release (default), dev, ci, asan-ubsan
# The binary lands in build/<PRESET>/rollsafe.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
scripts/install-deps.sh
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
