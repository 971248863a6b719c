#!/usr/bin/env bash
# Compile packaging/windows/replydraft.nsi with Linux's makensis (Debian: nsis) against a stand-in
# bundle: the Windows build itself needs a Windows runner, but this catches script errors
# (warnings count as errors) on every CI run. The installer it writes is thrown away.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
version="$(python3 -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["project"]["version"])' "$here/../../pyproject.toml")"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/replydraft/_internal"
for f in replydraft.exe replydraft-gui.exe _internal/python311.dll; do
  printf 'stand-in' >"$scratch/replydraft/$f"
done
for extra in "" "-DDRAFT_EXTENSION=.rdraft"; do
  makensis -V2 -WX "-DVERSION=$version" "-DBUNDLE=$scratch/replydraft" \
    "-DOUTFILE=$scratch/replydraft-$version-setup.exe" $extra "$here/replydraft.nsi"
  echo "replydraft.nsi compiles${extra:+ with $extra}: $(du -h "$scratch/replydraft-$version-setup.exe" | cut -f1) installer"
done
