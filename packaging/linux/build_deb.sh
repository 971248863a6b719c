#!/usr/bin/env bash
# Build the .deb from the frozen app (run PyInstaller with packaging/replydraft.spec first).
#
#   packaging/linux/build_deb.sh [BUNDLE] [OUTDIR]     (defaults: dist/replydraft, dist)
#
# Installs the bundle under /opt/replydraft with /usr/bin/replydraft pointing into it, the
# desktop entry, the icons and the AppStream metadata under the reverse-DNS id
# cn.replydraft.ReplyDraft. Needs dpkg-deb and objdump (binutils); no root.
#
# The Depends line covers the shared libraries the bundle links but does not carry (libc, GL,
# xcb, wayland); the build stops if the bundle starts to need one this script does not know,
# so a new dependency is never left to fail on an officer's machine.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bundle="$(cd "${1:-$root/dist/replydraft}" && pwd)"
outdir="$(mkdir -p "${2:-$root/dist}" && cd "${2:-$root/dist}" && pwd)"
app_id="cn.replydraft.ReplyDraft"

[ -x "$bundle/replydraft" ] && [ -x "$bundle/replydraft-gui" ] || {
  echo "build_deb: $bundle has no replydraft executables; build the bundle first" >&2
  exit 2
}
version="$(python3 -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["project"]["version"])' "$root/pyproject.toml")"
arch="$(dpkg --print-architecture)"
# An IT department that repackages sets its own contact: DEB_MAINTAINER="IT <it@example.gov.cn>".
maintainer="${DEB_MAINTAINER:-replydraft maintainers <maintainers@replydraft.invalid>}"
release_date="$(git -C "$root" log -1 --format=%cs 2>/dev/null || date -u +%F)"

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
pkg="$stage/replydraft_${version}_${arch}"

# --- The files ----------------------------------------------------------------------------------
mkdir -p "$pkg/opt" "$pkg/usr/bin" "$pkg/usr/share/applications" "$pkg/usr/share/metainfo" \
  "$pkg/usr/share/doc/replydraft" "$pkg/DEBIAN"
cp -a "$bundle" "$pkg/opt/replydraft"
chmod -R u=rwX,go=rX "$pkg/opt/replydraft"
ln -s /opt/replydraft/replydraft "$pkg/usr/bin/replydraft"

install -m 644 "$here/$app_id.desktop" "$pkg/usr/share/applications/$app_id.desktop"
sed -e "s/@VERSION@/$version/" -e "s/@DATE@/$release_date/" "$here/$app_id.metainfo.xml" \
  >"$pkg/usr/share/metainfo/$app_id.metainfo.xml"
chmod 644 "$pkg/usr/share/metainfo/$app_id.metainfo.xml"

icons="$root/resources/icons"
install -D -m 644 "$icons/replydraft.svg" "$pkg/usr/share/icons/hicolor/scalable/apps/$app_id.svg"
for png in "$icons"/replydraft-*.png; do
  size="${png##*-}"
  size="${size%.png}"
  install -D -m 644 "$png" "$pkg/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png"
done

cat >"$pkg/usr/share/doc/replydraft/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: replydraft

Files: *
License: MIT

Files: opt/replydraft/_internal/*
Comment: The Python runtime and the libraries the app is built with (Qt for Python,
 jieba, python-docx, pypdfium2, tantivy, rapidfuzz, jinja2 and others), each under its
 own licence; see the dist-info folders inside the bundle.
EOF
chmod 644 "$pkg/usr/share/doc/replydraft/copyright"

# --- What the bundle needs from the system ----------------------------------------------------
declare -A provider=(
  [libc.so.6]=libc6 [libm.so.6]=libc6 [libdl.so.2]=libc6 [libpthread.so.0]=libc6
  [librt.so.1]=libc6 [libutil.so.1]=libc6 [ld-linux-x86-64.so.2]=libc6
  [ld-linux-aarch64.so.1]=libc6 [libresolv.so.2]=libc6
  [libGL.so.1]=libgl1 [libEGL.so.1]=libegl1 [libOpenGL.so.0]=libopengl0 [libGLX.so.0]=libglx0
  [libxcb.so.1]=libxcb1
  [libwayland-client.so.0]=libwayland-client0 [libwayland-cursor.so.0]=libwayland-cursor0
  [libwayland-egl.so.1]=libwayland-egl1
)
elves="$(find "$pkg/opt/replydraft" -type f \( -name '*.so*' -o -perm -u+x \) -exec sh -c \
  'for f; do head -c4 "$f" | grep -q "ELF" && echo "$f"; done' _ {} +)"
carried="$(find "$pkg/opt/replydraft" -name '*.so*' -printf '%f\n' | sort -u)"
needed="$(echo "$elves" | xargs objdump -p 2>/dev/null | awk '/NEEDED/ {print $2}' | sort -u)"
packages="libc6"
for lib in $(comm -23 <(echo "$needed") <(echo "$carried")); do
  if [ -z "${provider[$lib]:-}" ]; then
    echo "build_deb: the bundle needs $lib from the system, and no package is known for it:" >&2
    echo "  add it to the provider table in $0 (dpkg -S $lib tells which)" >&2
    exit 1
  fi
  packages="$packages ${provider[$lib]}"
done
# The newest glibc symbol version any binary asks for (the build machine's glibc and the
# manylinux level of the wheels): dpkg refuses older systems instead of a crash at start.
glibc="$(echo "$elves" | xargs objdump -T 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' |
  sed 's/GLIBC_//' | sort -Vu | tail -1)"
# Qt's xcb platform plugin loads these at run time; the bundle carries copies when the build
# machine has them, and a desktop always has them, so listing them costs nothing and keeps
# a bundle built without them working.
packages="$packages libxcb-cursor0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3"
depends="$(for p in $packages; do
  if [ "$p" = libc6 ]; then echo "libc6 (>= $glibc)"; else echo "$p"; fi
done | sort -u | paste -sd, | sed 's/,/, /g')"

installed_kb="$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)"
cat >"$pkg/DEBIAN/control" <<EOF
Package: replydraft
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $installed_kb
Depends: $depends
Recommends: fonts-noto-cjk
Section: text
Priority: optional
Description: drafting assistant for replies to CPPCC proposals and NPC suggestions
 Reads a new proposal (.txt, .docx, .pdf), finds similar past replies and the
 paragraphs worth reusing, pre-fills the reply in the genre's fixed structure
 from the bureau's template, proofreads it and exports a GB/T 9704 Word file.
 .
 A self-contained build: Python and Qt are inside /opt/replydraft.
EOF

# --- Checks (when the tools are there) and the package ---------------------------------------
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$pkg/usr/share/applications/$app_id.desktop"
fi
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net --pedantic "$pkg/usr/share/metainfo/$app_id.metainfo.xml" ||
    appstreamcli validate --no-net "$pkg/usr/share/metainfo/$app_id.metainfo.xml"
fi

deb="$outdir/replydraft_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$pkg" "$deb" >/dev/null
echo "built $deb ($(du -h "$deb" | cut -f1), installs ${installed_kb} KiB)"
echo "Depends: $depends"
