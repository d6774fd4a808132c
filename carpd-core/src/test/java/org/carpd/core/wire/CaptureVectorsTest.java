package org.carpd.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The real ucarp 1.5.2 captures from ../shared/captures: decode, checksum and HMAC. */
class CaptureVectorsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "ucarp-v7-k20-secret.pcap, 7, 20, 1, secret, 198.18.0.10, 5",
            "ucarp-v1-k0-pw.pcap,      1, 0,  1, x,      198.18.0.5,  3",
    })
    void everyPacketDecodesAndAuthenticates(String file, int vhid, int advskew, int advbase,
                                            String pass, String vip, int expectedPackets) throws IOException {
        List<byte[]> packets = read(file);
        assertEquals(expectedPackets, packets.size(), "packets in " + file);

        byte[] key = pass.getBytes(StandardCharsets.US_ASCII);
        CarpAuthenticator right = new CarpAuthenticator(key, vhid, List.of(Frames.v4(vip)));
        CarpAuthenticator wrongPass = new CarpAuthenticator("wrong".getBytes(StandardCharsets.US_ASCII),
                vhid, List.of(Frames.v4(vip)));
        CarpAuthenticator otherAddress = new CarpAuthenticator(key, vhid, List.of(Frames.v4("198.18.0.99")));
        CarpAuthenticator extraAddress = new CarpAuthenticator(key, vhid,
                Set.of(Frames.v4(vip), Frames.v4("198.18.0.11")));
        CarpAuthenticator otherVhid = new CarpAuthenticator(key, vhid + 1, List.of(Frames.v4(vip)));

        for (byte[] frame : packets) {
            DecodeResult result = AdvertisementCodec.decodeFrame(frame, 0, frame.length);
            DecodeResult.Accepted accepted = assertInstanceOf(DecodeResult.Accepted.class, result,
                    () -> file + ": " + result);
            ReceivedAdvertisement packet = accepted.packet();
            Advertisement ad = packet.advertisement();
            assertEquals(InetAddress.getByName("198.18.0.1"), packet.source());
            assertEquals(255, packet.ttl());
            assertFalse(packet.ipv6());
            assertEquals(vhid, ad.vhid());
            assertEquals(advskew, ad.advskew());
            assertEquals(advbase, ad.advbase());
            assertEquals(0, ad.demote());

            assertTrue(right.verify(ad), file + ": HMAC with the right parameters");
            assertFalse(wrongPass.verify(ad), "wrong passphrase must fail");
            assertFalse(otherAddress.verify(ad), "different address must fail");
            assertFalse(extraAddress.verify(ad), "extra address must fail");
            assertFalse(otherVhid.verify(ad), "different vhid must fail");
        }
    }

    @ParameterizedTest
    @CsvSource({"ucarp-v7-k20-secret.pcap", "ucarp-v1-k0-pw.pcap"})
    void reEncodingACapturedAdvertisementGivesTheSameBytes(String file) throws IOException {
        for (byte[] frame : read(file)) {
            Advertisement ad = ((DecodeResult.Accepted) AdvertisementCodec.decodeFrame(frame, 0, frame.length))
                    .packet().advertisement();
            byte[] carp = new byte[Advertisement.LENGTH];
            AdvertisementCodec.encodeCarp(ad, carp, 0);
            assertEquals(java.util.HexFormat.of().formatHex(frame, 34, 70),
                    java.util.HexFormat.of().formatHex(carp));
        }
    }

    private static List<byte[]> read(String file) throws IOException {
        try (InputStream in = CaptureVectorsTest.class.getResourceAsStream("/captures/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource captures/" + file);
            }
            return PcapFile.readEthernet(in);
        }
    }
}
