#!/bin/sh
# Renders resources/icons/tern.svg to PNGs 16..512 (hicolor sizes), packaging/windows/tern.ico
# and packaging/macos/tern.icns.
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
# macOS .icns: a header and one PNG per entry (ic07 = 128, ic08 = 256, ic09 = 512 px).
python3 - "$out" packaging/macos/tern.icns <<'PY'
import struct, sys
src, dest = sys.argv[1], sys.argv[2]
entries = b""
for kind, size in ((b"ic07", 128), (b"ic08", 256), (b"ic09", 512)):
    with open(f"{src}/org.tern.Tern-{size}.png", "rb") as f:
        png = f.read()
    entries += kind + struct.pack(">I", 8 + len(png)) + png
with open(dest, "wb") as f:
    f.write(b"icns" + struct.pack(">I", 8 + len(entries)) + entries)
PY
