#!/bin/sh
# Install the Debian 12 packages saraban builds, tests and renders fixtures
# with (run as root).  The list is .ci/deps.txt.
set -eu
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends $(grep -v '^#' .ci/deps.txt)
