package org.carpd.cli.flood;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A python3 script that sends bogus CARP advertisements (IP protocol 112 to 224.0.0.18, TTL 255,
 * valid checksum) at a steady rate through a raw socket: alternately vhid 1 with a random HMAC
 * (the master's vhid: decoded, then refused as bad authentication) and vhid 2 (unknown vhid).
 * It prints {@code start END_EPOCH} ... {@code sent N start S end E} on stdout.
 */
final class FloodSender {
    private static final String SCRIPT = """
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
            """;

    private FloodSender() {
    }

    static Path writeTo(Path dir) throws IOException {
        return Files.writeString(dir.resolve("carp-flood.py"), SCRIPT);
    }
}
