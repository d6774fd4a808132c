package org.carpd.core.fuzz;

import java.util.SplittableRandom;

/**
 * Puts a passphrase where the fuzzer wrote the marker {@code %S} right after the word {@code pass}
 * (outside quotes and comments), so that a fuzz target can check no message shows it. The
 * passphrase changes with the input, so the fuzzer cannot learn it from the check and plant it
 * elsewhere; it may hold a space, as an unquoted passphrase spilling into the next word does.
 */
final class SecretPlanting {
    final String text;
    final String[] secretWords;

    SecretPlanting(String input) {
        SplittableRandom random = new SplittableRandom(input.hashCode() * 0x9E3779B97F4A7C15L);
        String first = word(random);
        String second = word(random);
        secretWords = new String[] {first, second};
        String secret = random.nextBoolean() ? first : first + " " + second;
        StringBuilder out = new StringBuilder();
        String[] lines = input.split("\n", -1);
        for (int l = 0; l < lines.length; l++) {
            String line = lines[l];
            int quotes = 0;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '"') {
                    quotes++;
                }
                boolean wordStart = i == 0 || Character.isWhitespace(line.charAt(i - 1));
                if (c == '#' && wordStart && quotes % 2 == 0) {
                    out.append(line, i, line.length());
                    break;
                }
                if (quotes % 2 == 0 && wordStart && line.startsWith("pass %S", i)
                        && (i + 7 == line.length() || Character.isWhitespace(line.charAt(i + 7)))) {
                    out.append("pass ").append(secret);
                    i += 6;
                    continue;
                }
                out.append(c);
            }
            if (l < lines.length - 1) {
                out.append('\n');
            }
        }
        text = out.toString();
    }

    private static String word(SplittableRandom random) {
        StringBuilder w = new StringBuilder("Q");
        for (int i = 0; i < 9; i++) {
            w.append((char) ('a' + random.nextInt(26)));
        }
        return w.toString();
    }

    void assertNotIn(String message) {
        for (String w : secretWords) {
            FuzzChecks.assertNoSecret(message, w);
        }
    }
}
