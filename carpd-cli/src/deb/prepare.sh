#!/bin/sh
# Prepares the generated files of the .deb in $1 (run by Maven from carpd-cli at prepare-package,
# with the project version $2 and the Maintainer $3): gzipped man pages (gzip -9n: reproducible,
# as Debian wants), the machine-readable copyright file, whose licence text is the repository's
# LICENSE, and the changelog a native package must ship (one entry for this version, dated
# $SOURCE_DATE_EPOCH when set, for reproducible builds).
set -eu
out=$1
version=$(printf '%s' "$2" | tr '-' '~') # Maven's 0.1.0-SNAPSHOT is Debian's 0.1.0~SNAPSHOT, as jdeb writes it
maintainer=$3
mkdir -p "$out/man"
for page in src/main/man/*.[1-8]; do
    gzip -9 -n -c "$page" > "$out/man/${page##*/}.gz"
done
{
    cat src/deb/copyright.head
    sed -e 's/^/ /' -e 's/^ $/ ./' ../LICENSE
} > "$out/copyright"
when=$(LC_ALL=C date -u -R -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}")
printf '%s\n' "carpd ($version) unstable; urgency=medium" "" \
    "  * Built from the carpd sources; the changes are in the project's history." "" \
    " -- $maintainer  $when" | gzip -9 -n > "$out/changelog.gz"
