package org.carpd.cli.decode;

import java.time.Instant;

/**
 * One captured link-layer frame.
 *
 * @param number  1-based position in the capture
 * @param time    capture timestamp
 * @param bytes   the captured bytes (possibly truncated by the snap length)
 */
public record CapturedFrame(long number, Instant time, byte[] bytes) {
}
