#!/bin/sh
# Packs a portable tar.gz from target/release/tern (build it first: cargo build --release --locked).
# Layout follows /usr: unpack into ~/.local or /usr/local and the desktop menu finds Tern.
set -eu
cd "$(dirname "$0")/../.."
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
name="tern-$version-$(uname -m)-linux"
stage="target/$name"
rm -rf "$stage"
install -Dm755 target/release/tern "$stage/bin/tern"
install -Dm644 packaging/linux/org.tern.Tern.desktop "$stage/share/applications/org.tern.Tern.desktop"
install -Dm644 packaging/linux/org.tern.Tern.metainfo.xml "$stage/share/metainfo/org.tern.Tern.metainfo.xml"
install -Dm644 resources/icons/tern.svg "$stage/share/icons/hicolor/scalable/apps/org.tern.Tern.svg"
for size in 16 24 32 48 64 128 256 512; do
    install -Dm644 "resources/icons/png/org.tern.Tern-$size.png" \
        "$stage/share/icons/hicolor/${size}x${size}/apps/org.tern.Tern.png"
done
install -Dm644 packaging/linux/copyright "$stage/share/doc/tern/copyright"
# Fixed owner and times so the archive depends only on its contents.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C target -czf "target/$name.tar.gz" "$name"
echo "target/$name.tar.gz"
