package org.carpd.core.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressLiteralTest {
    @ParameterizedTest
    @CsvSource({
            "198.51.100.10/24, 198.51.100.10/24",
            "198.51.100.10, 198.51.100.10/32",
            "0.0.0.0, 0.0.0.0/32",
            "2001:db8::10, 2001:db8::10/128",
            "2001:0DB8:0000:0000:0000:0000:0000:0010/64, 2001:db8::10/64",
            "2001:db8:0:0:1:0:0:1/64, 2001:db8::1:0:0:1/64",
            "2001:db8:0:1:1:1:1:1/64, 2001:db8:0:1:1:1:1:1/64",
            "::, ::/128",
            "::1, ::1/128",
            "1::, 1::/128",
            "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0/128",
            "::2:3:4:5:6:7:8, 0:2:3:4:5:6:7:8/128",
            "64:ff9b::198.51.100.1/96, 64:ff9b::c633:6401/96",
            "1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304/128",
            "fe80::1/64, fe80::1/64"})
    void parsesAndPrintsCanonically(String text, String canonical) throws Exception {
        assertEquals(canonical, AddressLiteral.format(AddressLiteral.parse(text).toVirtualAddress()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.256", "1.2.3.-4", "1..2.3",
            "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1::2::3", ":1::", "1:::2", "12345::", "g::1",
            "1:2:3:4:5:6:7:8::", "::1.2.3", "1.2.3.4::", "1:2:3:4:5:6:7:1.2.3.4", "localhost", "1.2.3.4/",
            "1.2.3.4/+8", "1.2.3.4/08x", "::1/", "[::1]"})
    void rejectsMalformedLiterals(String text) {
        assertThrows(AddressLiteral.Invalid.class, () -> AddressLiteral.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"198.51.100.7", "2001:db8::7", "fe80::1:2:3:4", "1:2:3:4:5:6:7:8"})
    void agreesWithTheJdkOnLiterals(String text) throws Exception {
        InetAddress ours = AddressLiteral.parse(text).address();
        InetAddress jdk = InetAddress.getByName(text); // a literal: the JDK does not resolve it
        assertArrayEquals(jdk.getAddress(), ours.getAddress());
        assertEquals(jdk.getClass(), ours.getClass());
    }

    @ParameterizedTest
    @ValueSource(strings = {"198.51.100.7/24", "198.51.100.6/31", "198.51.100.7/31", "198.51.100.0/32",
            "169.254.1.1/16", "2001:db8::/128", "2001:db8::1/127", "2001:db8::1/64", "fe80::1/64"})
    void acceptsUnicast(String text) throws Exception {
        VirtualAddress va = AddressLiteral.parse(text).toVirtualAddress();
        assertEquals(null, AddressLiteral.unicastProblem(va), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"198.51.100.7", "2001:db8::7"})
    void familiesAreKept(String text) throws Exception {
        InetAddress a = AddressLiteral.parse(text).address();
        assertEquals(text.contains(":"), a instanceof Inet6Address);
        assertEquals(!text.contains(":"), a instanceof Inet4Address);
        assertFalse(AddressLiteral.parse(text).prefixGiven());
    }
}
