package org.carpd.cli.control;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The control-socket wire format, version 1. Everything is UTF-8.
 *
 * <p>Request (client to server): exactly one line, fields separated by NUL, ended by LF:
 * <pre>  carpctl1 NUL options NUL group NUL word1 NUL word2 ... LF</pre>
 * {@code options} is a comma-separated flag list ("json" or empty), {@code group} is the
 * {@code -g} value or empty. Words may hold spaces and any character but NUL and LF (argv words
 * cannot hold NUL; carpctl refuses LF). At most {@link #MAX_REQUEST_BYTES}.
 *
 * <p>Reply (server to client): lines ended by LF, each starting with a tag:
 * {@code '|'} a line for stdout, {@code '!'} a line for stderr, {@code '$'} followed by the decimal
 * exit status, which is always the last line. {@code watch} sends '|' lines until the client
 * disconnects (or '$0' when the daemon stops).
 */
public final class ControlProtocol {
    public static final String MAGIC = "carpctl1";
    public static final int MAX_REQUEST_BYTES = 64 * 1024;
    /** Longest reply line the client accepts; the server truncates longer lines. */
    public static final int MAX_LINE_BYTES = 64 * 1024;

    public static final int STATUS_OK = 0;
    public static final int STATUS_FAILURE = 1;
    /** Bad arguments (the daemon's parser said no). */
    public static final int STATUS_USAGE = 2;
    /** The peer is neither root nor a member of the control group (sysexits EX_NOPERM). */
    public static final int STATUS_PERMISSION_DENIED = 77;

    public static final char TAG_OUT = '|';
    public static final char TAG_ERR = '!';
    public static final char TAG_STATUS = '$';

    private static final char SEP = '\0';

    private ControlProtocol() {
    }

    /**
     * Encodes a request line (with its LF).
     *
     * @throws IllegalArgumentException if a word holds NUL or LF, or the request is too long
     */
    public static byte[] encodeRequest(ControlRequest request) {
        StringBuilder sb = new StringBuilder(MAGIC).append(SEP)
                .append(request.json() ? "json" : "").append(SEP)
                .append(checkWord(request.group().orElse(""))).append(SEP);
        // Argument words: joined by NUL; "no words" is an empty last field.
        sb.append(String.join(String.valueOf(SEP), request.args().stream().map(ControlProtocol::checkWord).toList()));
        sb.append('\n');
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_REQUEST_BYTES) {
            throw new IllegalArgumentException("command is too long (" + bytes.length + " bytes; at most "
                    + MAX_REQUEST_BYTES + ")");
        }
        return bytes;
    }

    /**
     * Decodes a request line (without its LF).
     *
     * @throws IllegalArgumentException with a message fit for the client if it is malformed
     */
    public static ControlRequest decodeRequest(byte[] line) {
        String text = new String(line, StandardCharsets.UTF_8);
        String[] fields = text.split(String.valueOf(SEP), -1);
        if (fields.length < 4 || !fields[0].equals(MAGIC)) {
            throw new IllegalArgumentException("not a carpctl request (protocol " + MAGIC + " expected)");
        }
        boolean json = false;
        for (String flag : fields[1].split(",", -1)) {
            switch (flag) {
                case "" -> { }
                case "json" -> json = true;
                default -> throw new IllegalArgumentException("unknown request option: " + flag);
            }
        }
        Optional<String> group = fields[2].isEmpty() ? Optional.empty() : Optional.of(fields[2]);
        List<String> words = new ArrayList<>(Arrays.asList(fields).subList(3, fields.length));
        if (words.size() == 1 && words.get(0).isEmpty()) {
            words.clear();
        }
        return new ControlRequest(words, json, group);
    }

    /** One reply line with its tag and LF. LFs inside {@code text} must have been split off by the caller. */
    public static byte[] encodeLine(char tag, String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        int len = Math.min(body.length, MAX_LINE_BYTES - 2);
        byte[] out = new byte[len + 2];
        out[0] = (byte) tag;
        System.arraycopy(body, 0, out, 1, len);
        out[len + 1] = '\n';
        return out;
    }

    private static String checkWord(String word) {
        if (word.indexOf(SEP) >= 0 || word.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("arguments must not contain NUL or newline characters");
        }
        return word;
    }
}
