#!/bin/sh
# Prepares the generated files of the .deb in $1 (run by Maven from carpd-cli at prepare-package):
# gzipped man pages (gzip -9n: reproducible, as Debian wants) and the machine-readable copyright
# file, whose licence text is the repository's LICENSE.
set -eu
out=$1
mkdir -p "$out/man"
for page in src/main/man/*.[1-8]; do
    gzip -9 -n -c "$page" > "$out/man/${page##*/}.gz"
done
{
    cat src/deb/copyright.head
    sed -e 's/^/ /' -e 's/^ $/ ./' ../LICENSE
} > "$out/copyright"
