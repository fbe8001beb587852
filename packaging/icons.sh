#!/bin/sh
# Renders resources/icons/tern.svg to PNGs 16..512 (hicolor sizes) and packaging/windows/tern.ico.
# Re-running gives byte-identical files (rsvg-convert writes no dates; ImageMagick is told to
# strip its metadata chunks). Needs Debian packages librsvg2-bin and imagemagick.
set -eu
cd "$(dirname "$0")/.."
src=resources/icons/tern.svg
out=resources/icons/png
mkdir -p "$out"
for size in 16 24 32 48 64 128 256 512; do
    rsvg-convert --width "$size" --height "$size" --output "$out/org.tern.Tern-$size.png" "$src"
done
convert "$out/org.tern.Tern-16.png" "$out/org.tern.Tern-32.png" "$out/org.tern.Tern-48.png" \
    "$out/org.tern.Tern-256.png" -strip -define png:exclude-chunks=date,time \
    packaging/windows/tern.ico
