package org.carpd.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Applies one command of the configuration grammar to a running configuration, for carpctl:
 * {@code carp0 advskew 100}, {@code carp0 delete 198.51.100.11/24}, {@code carp1 destroy},
 * {@code set preempt on}, or a whole new interface. The words arrive already split (no quoting
 * or comments here). Errors name the source {@code carpctl}, line 1, and the column of the
 * offending word in the words joined by single spaces.
 */
public final class ConfigEditor {
    public static final String SOURCE_NAME = "carpctl";

    private ConfigEditor() {
    }

    /**
     * @return the new configuration, validated as a whole
     * @throws ConfigException if the command or the resulting configuration is wrong; nothing
     *                         changes ({@code current} is immutable)
     */
    public static CarpdConfig apply(CarpdConfig current, List<String> command) throws ConfigException {
        List<Word> words = new ArrayList<>();
        int column = 1;
        for (String text : command) {
            Objects.requireNonNull(text, "command word");
            words.add(new Word(text, 1, column, column + text.length()));
            column += text.length() + 1;
        }
        ConfigBuilder builder = new ConfigBuilder(SOURCE_NAME, current);
        builder.apply(words, 1);
        return builder.build();
    }
}
