#!/usr/bin/env bash
# CI check of the Debian package (issue 14): `cargo deb` builds it from the metadata in
# Cargo.toml, it installs on this machine, `tern` runs from PATH (version, accounts with
# a temporary config), the desktop file and AppStream metadata validate, lintian finds
# no errors, the installed window opens under Xvfb with its app id and icon, and
# `dpkg -r` removes every file again.
#
# To stay inside CI's time budget it packages the binary the tests already built
# (target/debug/tern, stripped by cargo-deb) instead of a second, release build of the
# whole dependency tree: what is checked here is the package, not the optimiser.
# Release packages are built with plain `cargo deb` (README, "Install and uninstall").
set -euo pipefail
cd "$(dirname "$0")/../.."

SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
need=()
command -v desktop-file-validate >/dev/null || need+=(desktop-file-utils)
command -v appstreamcli >/dev/null || need+=(appstream)
command -v lintian >/dev/null || need+=(lintian)
command -v xprop >/dev/null || need+=(x11-utils)
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
command -v cargo-deb >/dev/null || cargo install cargo-deb --locked --version 3.8.0

cargo build --locked --bin tern
out=$(mktemp -d)
cargo deb --no-build --profile dev -o "$out" 2>&1 | grep -v "dev profile\|To enable debug symbols" || true
deb=$(ls "$out"/tern_*.deb)
echo "deb: $(basename "$deb"), $(du -h "$deb" | cut -f1)"

lintian --fail-on error "$deb"
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$deb" >/dev/null
trap '$SUDO dpkg -r tern >/dev/null 2>&1 || true' EXIT

[ "$(command -v tern)" = /usr/bin/tern ] || { echo "tern is not /usr/bin/tern"; exit 1; }
tern --version
cfg=$(mktemp -d)
printf '[[account]]\nname = "Home"\nemail = "me@home.example"\n[account.imap]\nhost = "imap.home.example"\n' > "$cfg/accounts.toml"
TERN_CONFIG_DIR="$cfg" TERN_DATA_DIR="$cfg/data" tern accounts --json | grep -q '"name": *"Home"'
desktop-file-validate /usr/share/applications/org.tern.Tern.desktop
appstreamcli validate --no-net /usr/share/metainfo/org.tern.Tern.metainfo.xml
for size in 16 32 48 128 256 512; do
  [ -f "/usr/share/icons/hicolor/${size}x${size}/apps/org.tern.Tern.png" ]
done

# The installed window under Xvfb (tiny-skia forced): its WM_CLASS and icon.
display=""
for n in $(seq 300 340); do
  if [ ! -e "/tmp/.X$n-lock" ] && [ ! -e "/tmp/.X11-unix/X$n" ]; then display=":$n"; break; fi
done
Xvfb "$display" -screen 0 1024x768x24 -nolisten tcp -noreset >/dev/null 2>&1 &
xvfb=$!
sleep 1
DISPLAY="$display" ICED_BACKEND=tiny-skia TERN_CONFIG_DIR="$cfg" TERN_DATA_DIR="$cfg/data" tern >"$cfg/app.log" 2>&1 &
app=$!
# xdotool finds the window by its title a moment before winit has set its other
# properties, and may list more than one window, so poll every match until one has the
# app id and the icon (liveness: ~1-3 s normally, up to 60 s).
found=""; windows=""
for _ in $(seq 1 300); do
  windows=$(DISPLAY="$display" xdotool search --name Tern 2>/dev/null || true)
  for w in $windows; do
    DISPLAY="$display" xprop -id "$w" WM_CLASS 2>/dev/null | grep -q '"org.tern.Tern"' || continue
    DISPLAY="$display" xprop -id "$w" _NET_WM_ICON 2>/dev/null | grep -q 'Icon (' || continue
    found=$w; break
  done
  [ -n "$found" ] && break
  sleep 0.2
done
ok=1
if [ -z "$windows" ]; then
  echo "the installed tern opened no window"; ok=0
elif [ -z "$found" ]; then
  echo "no window with WM_CLASS org.tern.Tern and an icon; the windows' properties:"
  for w in $windows; do
    echo "window $w:"; DISPLAY="$display" xprop -id "$w" | grep -v '^[[:space:]]' | head -20 || true
  done
  ok=0
fi
[ "$ok" = 1 ] || { echo "the app's output:"; cat "$cfg/app.log"; }
kill "$app" "$xvfb" 2>/dev/null || true
wait "$app" "$xvfb" 2>/dev/null || true
rm -f "/tmp/.X${display#:}-lock" "/tmp/.X11-unix/X${display#:}"
[ "$ok" = 1 ]

$SUDO dpkg -r tern >/dev/null
trap - EXIT
if [ -e /usr/bin/tern ] || [ -e /usr/share/applications/org.tern.Tern.desktop ]; then
  echo "dpkg -r left files behind"; exit 1
fi
echo "deb: built, linted, installed, ran, opened its window, removed"
