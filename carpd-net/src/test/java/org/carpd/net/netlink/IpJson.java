package org.carpd.net.netlink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough reading of {@code ip -j} output for the tests: flat objects of strings, numbers, arrays. */
final class IpJson {
    private static final Pattern OBJECT = Pattern.compile("\\{[^{}]*\\}");
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(\"[^\"]*\"|\\[[^\\]]*\\]|[^,}\\]]+)");

    private IpJson() {
    }

    /** Fields of the first (outermost) object, ignoring nested objects such as addr_info entries. */
    static Map<String, String> top(String json) {
        return fields(json.replaceAll("\"addr_info\":\\[.*\\]", "\"addr_info\":[]"));
    }

    /** Every innermost object, e.g. each addr_info entry of {@code ip -j addr}. */
    static List<Map<String, String>> innerObjects(String json) {
        String inner = json.contains("\"addr_info\":[") ? json.substring(json.indexOf("\"addr_info\":[")) : json;
        List<Map<String, String>> out = new ArrayList<>();
        Matcher m = OBJECT.matcher(inner);
        while (m.find()) {
            out.add(fields(m.group()));
        }
        return out;
    }

    private static Map<String, String> fields(String object) {
        Map<String, String> map = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(object);
        while (m.find()) {
            String v = m.group(2);
            map.putIfAbsent(m.group(1), v.startsWith("\"") ? v.substring(1, v.length() - 1) : v);
        }
        return map;
    }
}
