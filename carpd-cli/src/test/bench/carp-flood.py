#!/usr/bin/env python3
# carp-flood.py SRC RATE SECONDS [IFACE]: bogus CARP advertisements (IP protocol 112 to 224.0.0.18,
# TTL 255, valid checksums) at RATE frames/s for SECONDS: alternately vhid 1 with a random HMAC
# (decoded, then refused as bad authentication) and vhid 2 (an unknown vhid), from source SRC.
# Without IFACE through a raw socket (up to ~50,000 frames/s here); with IFACE the same frames are
# written to a pcap and sent by tcpreplay on IFACE. Prints "start EPOCH", then
# "sent N errors E start S end E". Used by FloodTimingIT and rt-false-transitions.sh (FLOOD=).
import os, socket, struct, sys, time
src, rate, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])

def checksum(b):
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    s += s >> 16
    return (~s) & 0xffff

def frame(vhid, counter):
    # version 2, type 1; vhid; advskew 0; authlen 7; demote 0; advbase 1; cksum; counter; hmac
    body = struct.pack('!BBBBBBH Q', 0x21, vhid, 0, 7, 0, 1, 0, counter) + os.urandom(20)
    c = checksum(body)
    return body[:6] + struct.pack('!H', c) + body[8:]

frames = [frame(1 + (i % 2), i) for i in range(256)]
if len(sys.argv) > 4:
    # tcpreplay: the same frames in a pcap, sent by a C loop (python's own tops out near 50,000/s).
    # --timer=nano sleeps between bursts: the default spins, and a spinning SCHED_FIFO flooder
    # trips the kernel's real-time throttling (every RT thread on its CPU stalled 50 ms a second)
    import re, subprocess, tempfile
    iface = sys.argv[4]
    mac = bytes.fromhex(open('/sys/class/net/%s/address' % iface).read().strip().replace(':', ''))
    def ipv4(body, ident):
        h = struct.pack('!BBHHHBBH4s4s', 0x45, 0x10, 20 + len(body), ident, 0x4000, 255, 112, 0,
                        socket.inet_aton(src), socket.inet_aton('224.0.0.18'))
        return h[:10] + struct.pack('!H', checksum(h)) + h[12:] + body
    fd, path = tempfile.mkstemp(suffix='.pcap')
    with os.fdopen(fd, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for i, body in enumerate(frames):
            pkt = bytes.fromhex('01005e000012') + mac + b'\x08\x00' + ipv4(body, i)
            f.write(struct.pack('<IIII', 0, 0, len(pkt), len(pkt)) + pkt)
    start = time.time()
    print('start', start, flush=True)
    out = subprocess.run(['tcpreplay', '-i', iface, '--pps=%d' % rate, '--pps-multi=25', '--loop=0', '--timer=nano',
                          '--duration=%d' % int(seconds), path], capture_output=True, text=True)
    end = time.time()
    os.unlink(path)
    sent = re.search(r'Actual: (\d+) packets', out.stdout)
    failed = re.search(r'Failed packets:\s+(\d+)', out.stdout)
    if not sent:
        print('tcpreplay failed:', out.stdout, out.stderr, flush=True)
        sys.exit(1)
    print('sent', sent.group(1), 'errors', failed.group(1) if failed else 0, 'start', start, 'end', end, flush=True)
    sys.exit(0)
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 112)
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 255)
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(src))
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 0)
start = time.time()
print('start', start, flush=True)
sent = 0
errors = 0
while True:
    now = time.time()
    if now - start >= seconds:
        break
    due = int((now - start) * rate)
    while sent < due:
        try:
            s.sendto(frames[sent & 255], ('224.0.0.18', 0))
        except OSError:
            errors += 1
        sent += 1
    time.sleep(0.0005)
end = time.time()
print('sent', sent, 'errors', errors, 'start', start, 'end', end, flush=True)
