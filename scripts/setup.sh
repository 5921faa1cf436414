#!/usr/bin/env bash
# System packages the build and the tests need, installed with apt when missing (idempotent):
# Debian's CPython 3.11 with its headers and shared library (lang-python links it through pyo3;
# PYO3_PYTHON=/usr/bin/python3.11 in .cargo/config.toml) and pip (per-app requirements.txt);
# Node.js and npm (apps' npm packages are installed with npm; the Node-compatibility tests compare
# with what Node answers); Chromium (the console's browser tests); boto3 with pip (a client of the
# S3 endpoint's tests).
set -euo pipefail

need=()
[ -x /usr/bin/python3.11 ] && [ -e /usr/include/python3.11/Python.h ] || need+=(python3.11-dev)
[ -e /usr/lib/x86_64-linux-gnu/libpython3.11.so ] || [ -e /usr/lib/aarch64-linux-gnu/libpython3.11.so ] \
  || need+=(libpython3.11-dev)
/usr/bin/python3.11 -m pip --version >/dev/null 2>&1 || need+=(python3-pip)
command -v node >/dev/null || need+=(nodejs)
# Headless Chromium for the web console's browser tests (tests/console.rs).
[ -x /usr/bin/chromium ] || need+=(chromium)
# boto3, a client the S3 endpoint's tests use (tests/s3_endpoint.rs), from PyPI once pip is there.
install_boto3() {
  /usr/bin/python3.11 -c 'import boto3' 2>/dev/null && return 0
  echo "scripts/setup.sh: installing boto3 (pip)" >&2
  local where=()
  [ "$(id -u)" -eq 0 ] || where=(--user)
  /usr/bin/python3.11 -m pip install -q --break-system-packages "${where[@]}" boto3 >&2
}
command -v npm >/dev/null || need+=(npm)
if [ ${#need[@]} -eq 0 ]; then
  install_boto3
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "scripts/setup.sh: ${need[*]} missing and there is no apt-get; install CPython 3.11 with its headers, shared library and pip, and Node.js 20 with npm" >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  sudo=(sudo)
fi
echo "scripts/setup.sh: installing ${need[*]} (apt)" >&2
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
install_boto3
