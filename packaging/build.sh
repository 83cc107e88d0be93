#!/bin/sh
# Kept for old notes: the bundle is built (and smoke-tested) by `make bundle`.
set -eu
cd "$(dirname "$0")/.."
exec make bundle
