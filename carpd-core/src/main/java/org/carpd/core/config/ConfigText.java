package org.carpd.core.config;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns a configuration file's bytes into text. The file must be UTF-8; a byte that is not
 * (a binary file, Latin-1) is reported at its line and column, by position only: the bytes may
 * belong to a passphrase.
 */
public final class ConfigText {
    private ConfigText() {
    }

    /** @throws ConfigException at the first byte that is not UTF-8, or at a NUL byte */
    public static String decode(String sourceName, byte[] bytes) throws ConfigException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        out.flip();
        if (result.isError()) {
            throw at(sourceName, out, out.length(), "expected UTF-8 text, found a byte sequence that is not UTF-8"
                    + " (byte " + (in.position() + 1) + " of the file)");
        }
        String text = out.toString();
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw at(sourceName, out, nul, "expected text, found a NUL byte (a binary file?)");
        }
        return text;
    }

    /** The error at character {@code index} of the decoded text. */
    private static ConfigException at(String sourceName, CharSequence text, int index, String reason) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new ConfigException(sourceName, line, index - lineStart + 1, reason);
    }
}
