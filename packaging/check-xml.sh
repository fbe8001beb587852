#!/bin/sh
# Checks that the macOS plist template, the WiX source and the Linux metadata are well-formed XML.
set -eu
cd "$(dirname "$0")"
for f in macos/Info.plist.in windows/tern.wxs linux/org.tern.Tern.metainfo.xml; do
    if command -v xmllint >/dev/null 2>&1; then
        xmllint --noout --nonet "$f"
    else
        python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$f"
    fi
    echo "well-formed: $f"
done
