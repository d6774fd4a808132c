package org.carpd.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The values of {@link ConfigBuilder}'s and {@link TrackGrammar}'s keywords: each reads its words and says what it expected. */
final class ValueGrammar {
    private ValueGrammar() {
    }

    static boolean onOff(WordCursor in, String expected) throws ConfigException {
        Word v = in.next(expected);
        return switch (v.text()) {
            case "on" -> true;
            case "off" -> false;
            default -> throw in.unexpected(v, expected);
        };
    }

    /** One of an enum's values, written in lower case. */
    static <E extends Enum<E>> E choice(WordCursor in, String keyword, E[] values) throws ConfigException {
        List<String> names = new ArrayList<>();
        for (E e : values) {
            names.add("'" + e.name().toLowerCase(Locale.ROOT) + "'");
        }
        String expected = String.join(", ", names.subList(0, names.size() - 1)) + " or "
                + names.get(names.size() - 1) + " after '" + keyword + "'";
        Word v = in.next(expected);
        for (E e : values) {
            if (e.name().toLowerCase(Locale.ROOT).equals(v.text())) {
                return e;
            }
        }
        throw in.unexpected(v, expected);
    }

    static int number(WordCursor in, String expected, int min, int max) throws ConfigException {
        Word v = in.next(expected);
        if (!v.text().matches("[0-9]{1,4}")) {
            throw in.unexpected(v, expected);
        }
        int n = Integer.parseInt(v.text());
        if (n < min || n > max) {
            throw in.unexpected(v, expected);
        }
        return n;
    }

    /** {@code off}, or {@code N [timeout SECONDS]}. */
    static SyncDemote syncDemote(WordCursor in) throws ConfigException {
        String expected = "a demotion 1..255 or 'off' after 'sync-demote'";
        if (in.hasNext() && in.peek().text().equals("off")) {
            in.next(expected);
            return SyncDemote.OFF;
        }
        int demote = number(in, expected, 1, 255);
        int timeout = SyncDemote.DEFAULT_TIMEOUT;
        if (in.hasNext()) {
            Word w = in.next("'timeout'");
            if (!w.text().equals("timeout")) {
                throw in.unexpected(w, "'timeout' or the end of the line after the sync demotion");
            }
            timeout = number(in, "seconds 1..3600 after 'timeout'", 1, 3600);
        }
        return new SyncDemote(demote, timeout);
    }

    /** {@code off} (null) or a loopback {@code ADDRESS:PORT}. */
    static MetricsEndpoint metrics(WordCursor in) throws ConfigException {
        Word v = in.next("a loopback address and port (127.0.0.1:9512 or [::1]:9512) or 'off' after 'metrics'");
        if (v.text().equals("off")) {
            return null;
        }
        try {
            return MetricsEndpoint.parse(v.text());
        } catch (AddressLiteral.Invalid e) {
            throw in.unexpected(v, e.expected);
        }
    }

    static String path(WordCursor in, String keyword) throws ConfigException {
        Word v = in.next("an absolute path after '" + keyword + "'");
        if (!Names.isAbsolutePath(v.text())) {
            throw in.unexpected(v, "an absolute path after '" + keyword + "'");
        }
        return v.text();
    }
}
