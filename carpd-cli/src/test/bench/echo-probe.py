#!/usr/bin/env python3
# echo-probe.py INTERVAL_SECONDS MAX_SECONDS ADDRESS: ICMP echo requests at ADDRESS every
# INTERVAL, also while replies are missing. iputils ping does not: with an interval under 10 ms
# and a reply outstanding it sleeps 10 ms (MIN_INTERVAL_MS) before the next request, so during an
# outage "ping -i 0.001" probes at 100 Hz and adds up to 10 ms to the outage it measures.
# On SIGINT or after MAX_SECONDS it prints each reply as "ping -D" does ("[EPOCH] 64 bytes from
# ADDRESS: icmp_seq=N", the kernel's receive timestamp), then every request that got no reply as
# "[SEND_EPOCH] lost icmp_seq=N". Used by the failover bench (Probe) and takeover-capture.sh.
import os, select, signal, socket, struct, sys, time
interval, seconds, address = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
SO_TIMESTAMPNS = 35

def checksum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    s += s >> 16
    return (~s) & 0xffff

def request(ident, seq):
    body = struct.pack('!BBHHH', 8, 0, 0, ident, seq) + b'carpd-bench-probe-' + bytes(38)
    return body[:2] + struct.pack('!H', checksum(body)) + body[4:]

s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
s.setblocking(False)
ident = os.getpid() & 0xffff
replies, sent, stop, sent_at, answered = [], 0, [], {}, set()
signal.signal(signal.SIGINT, lambda *_: stop.append(1))
start = time.monotonic()
due = start
while not stop and time.monotonic() - start < seconds:
    now = time.monotonic()
    if now >= due:
        sent_at[sent & 0xffff] = time.time()
        try:
            s.sendto(request(ident, sent & 0xffff), (address, 0))
        except OSError:
            pass
        sent += 1
        due = max(due + interval, now)  # after a stall, no burst to catch up
    try:
        ready = select.select([s], [], [], max(0.0, due - time.monotonic()))[0]
    except InterruptedError:
        continue
    while ready:
        try:
            data, anc, _, _ = s.recvmsg(2048, 64)
        except BlockingIOError:
            break
        ihl = (data[0] & 15) * 4
        if len(data) < ihl + 8:
            continue
        kind, _, _, rid, seq = struct.unpack('!BBHHH', data[ihl:ihl + 8])
        if kind != 0 or rid != ident:
            continue
        stamp = time.time()
        for level, ctype, cdata in anc:
            if level == socket.SOL_SOCKET and ctype == SO_TIMESTAMPNS:
                sec, nsec = struct.unpack('qq', cdata[:16])
                stamp = sec + nsec / 1e9
        replies.append((stamp, seq))
        answered.add(seq)
out = ['[%.6f] %d bytes from %s: icmp_seq=%d' % (t, 64, address, q) for t, q in replies]
last = time.time() - 0.1  # requests still in flight at the stop are not lost
out += ['[%.6f] lost icmp_seq=%d' % (t, q) for q, t in sorted(sent_at.items(), key=lambda e: e[1])
        if q not in answered and t < last]
out.append('%d packets transmitted, %d received' % (sent, len(replies)))
sys.stdout.write('\n'.join(out) + '\n')
sys.stdout.flush()
