package org.carpd.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A binary or Latin-1 configuration is reported at FILE:LINE:COLUMN, not as "Input length = 1". */
class ConfigTextTest {

    private static byte[] bytes(String ascii, int... more) {
        byte[] head = ascii.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + more.length];
        System.arraycopy(head, 0, out, 0, head.length);
        for (int i = 0; i < more.length; i++) {
            out[head.length + i] = (byte) more[i];
        }
        return out;
    }

    @Test
    void validUtf8IsDecoded() throws Exception {
        assertEquals("carp0 pass \u00e4\u00f6\n", ConfigText.decode("f", "carp0 pass \u00e4\u00f6\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anInvalidByteIsReportedAtItsLineAndColumnWithoutItsValue() {
        // "pass Geheim" + Latin-1 o-umlaut (0xf6) on line 2: column counts characters, as the parser does
        byte[] latin1 = bytes("set replay auto\ncarp0 carpdev eth0 vhid 1 pass Geheim", 0xf6, '\n');
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigText.decode("/etc/carpd/carpd.conf", latin1));
        assertEquals(2, e.line());
        assertEquals(38, e.column()); // 37 characters before it on its line
        assertEquals("/etc/carpd/carpd.conf:2:38: expected UTF-8 text, found a byte sequence that is not UTF-8"
                + " (byte 54 of the file)", e.getMessage());
        assertFalse(e.getMessage().contains("Geheim"));
        assertFalse(e.getMessage().toLowerCase().contains("f6"));
    }

    @Test
    void aMultiByteCharacterBeforeTheBadByteCountsAsOneColumn() {
        byte[] b = bytes("# \u00e9t\u00e9\nx", 0xc3, 0x28);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigText.decode("f", b));
        assertEquals(2, e.line());
        assertEquals(2, e.column());
    }

    @Test
    void binaryFilesAreRefusedAtTheFirstBadByteOrNul() {
        ConfigException elf = assertThrows(ConfigException.class,
                () -> ConfigText.decode("f", bytes("", 0x7f, 'E', 'L', 'F', 2, 1, 1, 0)));
        assertEquals("f:1:8: expected text, found a NUL byte (a binary file?)", elf.getMessage());
        ConfigException gzip = assertThrows(ConfigException.class,
                () -> ConfigText.decode("f", bytes("", 0x1f, 0x8b, 8, 0)));
        assertEquals("f:1:2: expected UTF-8 text, found a byte sequence that is not UTF-8 (byte 2 of the file)",
                gzip.getMessage());
    }
}
