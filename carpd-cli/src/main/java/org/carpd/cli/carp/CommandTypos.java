package org.carpd.cli.carp;

import java.util.List;
import java.util.Optional;

/**
 * Answers for a first word that is neither a command nor a configured interface, such as
 * {@code carpctl stat} or {@code carpctl carp9}, instead of a grammar error.
 */
final class CommandTypos {
    /** carpctl's command words (watch and decode never reach the daemon's handler, but are typed). */
    static final List<String> COMMANDS = List.of("status", "stats", "show-config", "watch", "set", "track", "decode", "maintenance", "sync");

    private CommandTypos() {
    }

    /** {@code carpctl WORD} alone: an unknown interface, or a misspelt command. */
    static String unknownWord(String word) {
        return suggestion(word).map(c -> didYouMean(word, c)).orElse("carpctl: no such interface: " + word);
    }

    /**
     * A grammar error for {@code WORD ...} where WORD is no configured interface (so it would
     * create one): if WORD looks like a misspelt command, say so first.
     */
    static String grammarError(String word, String error) {
        return suggestion(word).map(c -> didYouMean(word, c) + " (as a new carp interface: " + error + ")")
                .orElse(error);
    }

    private static String didYouMean(String word, String command) {
        return "carpctl: unknown command '" + word + "', did you mean '" + command + "'?";
    }

    /** The command closest to {@code word}, if it is near enough to be a typo (and not the command itself). */
    static Optional<String> suggestion(String word) {
        int limit = word.length() <= 3 ? 1 : 2;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : COMMANDS) {
            int d = distance(word, c);
            if (word.length() >= 3 && c.startsWith(word)) {
                d = Math.min(d, limit);
            }
            if (d > 0 && d <= limit && d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Edit distance with adjacent transpositions (optimal string alignment). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
