package org.carpd.cli.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonReaderTest {
    @Test
    void readsWhatCarpdWrites() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("name", "carp0 \"x\"\\\n\u00e9");
        expected.put("vhid", 7L);
        expected.put("up", true);
        expected.put("failed", null);
        expected.put("addresses", List.of("198.18.0.10/24", "2001:db8::10/64"));
        expected.put("nested", List.of(Map.of(), List.of()));
        assertEquals(expected, JsonReader.parse(" {\"name\":\"carp0 \\\"x\\\"\\\\\\n\\u00e9\", \"vhid\" : 7,"
                + "\"up\":true,\"failed\":null,\"addresses\":[\"198.18.0.10/24\",\"2001:db8::10/64\"],"
                + "\"nested\":[{},[]]} "));
        assertEquals(-3L, JsonReader.parse("-3"));
    }

    @Test
    void refusesWhatIsNotOneValue() {
        for (String bad : List.of("", "{", "{\"a\"}", "{\"a\":1,}", "[1 2]", "\"open", "\"\\q\"", "\"\\u12\"", "tru",
                "{} {}", "{a:1}", "12345678901234567890", "1.5")) {
            assertThrows(IllegalArgumentException.class, () -> JsonReader.parse(bad), bad);
        }
        String deep = "[".repeat(20) + "]".repeat(20);
        assertThrows(IllegalArgumentException.class, () -> JsonReader.parse(deep));
        assertEquals(Arrays.asList(1L, null), JsonReader.parse("[1,null]"));
    }
}
