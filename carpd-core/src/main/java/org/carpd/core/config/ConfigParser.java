package org.carpd.core.config;

/**
 * Reads the configuration file grammar (see the package documentation). Does no I/O: the caller
 * reads the file, and a {@code pass-file} is only recorded as a path.
 */
public final class ConfigParser {
    private ConfigParser() {
    }

    /**
     * @param sourceName the file name used in error messages
     * @param text       the whole file
     * @throws ConfigException at the first problem, pointing at the offending word
     */
    public static CarpdConfig parse(String sourceName, String text) throws ConfigException {
        ConfigBuilder builder = new ConfigBuilder(sourceName, CarpdConfig.EMPTY);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            var words = ConfigLexer.words(sourceName, i + 1, lines[i]);
            if (!words.isEmpty()) {
                builder.apply(words, i + 1);
            }
        }
        return builder.build();
    }
}
