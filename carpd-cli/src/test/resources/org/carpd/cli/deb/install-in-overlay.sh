#!/bin/sh
# Installs, reinstalls, removes and purges a .deb in a throwaway copy of this machine's root.
# Run as: unshare -m sh install-in-overlay.sh PACKAGE.deb
# In the private mount namespace, / is overlaid with a tmpfs upper layer and dpkg runs chrooted
# into the overlay, so everything dpkg and the maintainer scripts write (the carpd user,
# /etc/carpd, the dpkg database) vanishes with the namespace. Exit 77: no overlay support.
set -eu
deb=$1
w=$(mktemp -d /tmp/carpd-deb-overlay.XXXXXX)
trap 'umount -R "$w" 2>/dev/null; rmdir "$w" 2>/dev/null || true' EXIT
mount --make-rprivate /
mount -t tmpfs tmpfs "$w"
mkdir "$w/upper" "$w/work" "$w/root"
mount -t overlay overlay -o "lowerdir=/,upperdir=$w/upper,workdir=$w/work" "$w/root" || exit 77
# Only reached with the overlay mounted: never chroot into (and write to) the real root.
mountpoint -q "$w/root" || exit 77
mount --rbind /proc "$w/root/proc"
mount --rbind /dev "$w/root/dev"
mount -t tmpfs tmpfs "$w/root/run" # no /run/systemd/system: the scripts skip systemctl
cp "$deb" "$w/root/tmp/carpd-under-test.deb"
chroot "$w/root" /bin/sh -c '
  set -e
  dpkg -i /tmp/carpd-under-test.deb >/dev/null
  echo "user $(getent passwd carpd | cut -d: -f1,6,7)"
  echo "group $(getent group carpd | cut -d: -f1)"
  echo "etc $(stat -c "%a %U:%G" /etc/carpd)"
  echo "conf $(stat -c "%a %U:%G" /etc/carpd/carpd.conf)"
  echo "carpctl $(carpctl --version)"
  mkdir -p /var/lib/carpd # StateDirectory=, as systemd creates it; a node in maintenance mode
  echo "on since 2026-12-02T15:00:00Z" > /var/lib/carpd/maintenance
  dpkg -i /tmp/carpd-under-test.deb >/dev/null
  echo "reinstalled conf $(stat -c "%a %U:%G" /etc/carpd/carpd.conf)"
  echo "reinstalled maintenance $(cat /var/lib/carpd/maintenance 2>/dev/null || echo gone)"
  dpkg -r carpd >/dev/null
  echo "removed conf $(test -f /etc/carpd/carpd.conf && echo kept || echo gone) bin $(test -e /usr/lib/carpd && echo kept || echo gone) maintenance $(test -f /var/lib/carpd/maintenance && echo kept || echo gone)"
  dpkg -P carpd >/dev/null
  echo "purged etc $(test -e /etc/carpd && echo kept || echo gone) user $(getent passwd carpd >/dev/null && echo kept || echo gone) state $(test -e /var/lib/carpd && echo kept || echo gone)"
'
