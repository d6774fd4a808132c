/**
 * carpd's configuration: immutable records and the one ifconfig-like grammar shared by the
 * configuration file ({@link org.carpd.core.config.ConfigParser}) and carpctl
 * ({@link org.carpd.core.config.ConfigEditor}); {@link org.carpd.core.config.ConfigWriter} prints
 * a configuration back in it. Parsing does no I/O and no DNS: a {@code pass-file} is recorded as a
 * path for the daemon to read (the passphrase stays {@code Passphrase.EMPTY} until then), and
 * addresses must be literals.
 *
 * <h2>Lines and words</h2>
 * Words are separated by spaces or tabs; {@code #} at the start of a word begins a comment (inside
 * a word it is an ordinary character); blank lines are ignored. {@code "..."} quotes a word with
 * spaces, in which a backslash takes the next character literally ({@code \"}, {@code \\}).
 * Errors read {@code FILE:LINE:COLUMN: expected ..., found '...'}, counting from 1, a tab as one
 * column; carpctl errors read {@code carpctl:1:COLUMN}, the column in the command's words joined
 * by single spaces. No error message ever contains a passphrase.
 *
 * <h2>Global lines (one setting per line)</h2>
 * <pre>
 * set preempt on|off            default off
 * set replay strict|auto|off    default auto
 * set announce-repeat N         0..10, default 2
 * set rt-priority N             SCHED_RR priority 1..99 of the packet path, 0 = normal; default 10
 * set on-master|on-backup|on-init /ABSOLUTE/PATH
 * set -on-master|-on-backup|-on-init      remove that hook
 * set metrics ADDR:PORT|off     Prometheus endpoint, default off; ADDR is loopback only:
 *                               127.0.0.0/8 (127.0.0.1:9512) or [::1] ([::1]:9512)
 * </pre>
 *
 * <h2>Carp interface lines</h2>
 * {@code NAME WORD...}, e.g.
 * {@code carp0 carpdev eth0 vhid 1 advbase 1 advskew 0 pass-file /etc/carpd/carp0.key 198.51.100.10/24 2001:db8:1::10/64}.
 * Several lines may name the same interface: each amends it, like running ifconfig again, and
 * words apply left to right. Words:
 * <pre>
 * carpdev DEV          parent interface (required)
 * vhid N               1..255 (required)
 * advbase N            0..254, default 1        advskew N   0..254, default 0
 * pass WORD            inline passphrase, 1..19 bytes (UTF-8)
 * pass-file PATH       absolute path of a file holding the passphrase
 * -pass                remove pass or pass-file (pass and pass-file together are an error)
 * group NAME           add to a group; every carp interface is always in group carp
 * -group NAME          leave a group (not carp; the interface must be in it)
 * demote-mode M        both (default), openbsd or advskew: where our demotion goes on the wire
 * master-down M        openbsd (default, 3 x interval) or freebsd (3 x advbase + advskew/256)
 * up | down            administrative state, default up
 * on-master|on-backup|on-init PATH    this interface's hook (else the global one)
 * -on-master|-on-backup|-on-init      remove it
 * ADDR[/PREFIX]        add a virtual address (at least one required)
 * delete ADDR[/PREFIX] remove one (if a prefix is given, it must match)
 * carppeer ADDR        a unicast peer (repeatable, IPv4 or IPv6, no prefix): advertisements of
 *                      that family go to each peer instead of 224.0.0.18 / ff02::12 and are
 *                      accepted from the peers only
 * -carppeer ADDR       remove a peer
 * peer-min-ttl N       1..255, default 255: the least TTL / hop limit accepted from a peer
 *                      (lower it for peers behind routers); only with carppeer
 * destroy              alone after the name: remove the interface
 * </pre>
 *
 * <h2>Tracker lines</h2>
 * One line defines a health tracker whole ({@link org.carpd.core.config.TrackConfig}); a name
 * defined twice in one text is an error, carpctl replaces a running tracker:
 * <pre>
 * track NAME interface DEV demote GROUP WEIGHT [demote GROUP WEIGHT]...
 * track NAME script "/PATH [ARG]..." [interval S] [timeout S] [rise N] [fall N] demote GROUP WEIGHT...
 * track NAME file /PATH [interval S] demote GROUP WEIGHT...
 * track NAME destroy
 * </pre>
 * Names {@code [a-z][a-z0-9_.-]*}, at most 31; each GROUP a group some carp interface is in, once
 * per tracker; WEIGHT 1..255; S 1..3600 (script defaults: interval 2, timeout = interval, at
 * most the interval; file: interval 1); rise and fall 1..255, default 1. The script's word is
 * split at spaces into an absolute path and its arguments.
 *
 * <h2>Rules</h2>
 * <ul>
 * <li>Carp interface names: {@code [a-z][a-z0-9_.-]*}, at most 15 characters (Linux IFNAMSIZ);
 *     {@code set} and {@code track} are not names. Carpdev names: {@code [A-Za-z0-9][A-Za-z0-9_.-]*}, at most 15,
 *     and not a carp interface. Group names: like carp interface names but not ending in a digit
 *     (OpenBSD's rule, so a group never looks like an interface).</li>
 * <li>Paths (pass-file, hooks) are absolute, without control characters.</li>
 * <li>A bare address is a host address: /32 for IPv4, /128 for IPv6 (as {@code ip addr add};
 *     ifconfig's classful defaults are not used). Prefixes are 1..32 and 1..128.</li>
 * <li>IPv4 is a dotted quad without leading zeros; IPv6 the RFC 4291 text form without a
 *     {@code %zone}; IPv4-mapped IPv6 is refused (write a.b.c.d).</li>
 * <li>Addresses must be unicast: refused are unspecified, loopback, multicast, 0.0.0.0/8,
 *     240.0.0.0/4 (including 255.255.255.255), the network and broadcast address of an IPv4
 *     subnet of /30 or wider, and the subnet-router anycast address of an IPv6 prefix of /126 or
 *     wider. Link-local addresses (169.254.0.0/16, fe80::/10) are allowed: VRRP-style virtual
 *     link-local gateways are a real use.</li>
 * <li>An address may appear once per interface (delete it first to change its prefix) and on
 *     one carp interface only; a vhid once per carpdev.</li>
 * <li>A peer is unicast, of a family the interface has addresses in, not a virtual address of
 *     this configuration, and given once per interface.</li>
 * <li>An empty configuration (no carp interface) is valid.</li>
 * </ul>
 */
package org.carpd.core.config;
