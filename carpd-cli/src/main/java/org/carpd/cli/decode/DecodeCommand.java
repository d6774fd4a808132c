package org.carpd.cli.decode;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.carpd.cli.keys.PassFileReader;
import org.carpd.core.config.Passphrase;
import org.carpd.net.frame.PacketTransport;
import org.carpd.net.raw.PacketSocket;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code carpctl decode}: prints the CARP advertisements in a pcap file or seen live on an
 * interface, and with {@code --pass-file} and the virtual addresses whether their HMAC matches.
 * Runs in carpctl; never contacts the daemon. Exit status: 0 ok, 1 an I/O error or an HMAC
 * mismatch in a frame shown, 2 bad arguments.
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = "Decode CARP advertisements from a pcap file or an interface (does not contact carpd).",
        footerHeading = "%nExamples:%n",
        footer = {"  carpctl decode -r carp.pcap",
                "  carpctl decode -r carp.pcap --pass-file /etc/carpd/carp0.key 198.18.0.10/24",
                "  carpctl decode -i eth0 -c 5 --json"})
public final class DecodeCommand implements Callable<Integer> {

    static final class Source {
        @Option(names = "-r", paramLabel = "FILE", description = "Read a pcap file (classic pcap, Ethernet).")
        Path file;

        @Option(names = "-i", paramLabel = "IFACE", description = "Capture live on an interface: its untagged CARP, both directions (needs root).")
        String iface;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--pass-file", paramLabel = "F", description = "Passphrase file to check the HMAC with (needs ADDR).")
    Path passFile;

    @Option(names = "--vhid", paramLabel = "N", description = "Only show advertisements of this vhid.")
    Integer vhid;

    @Option(names = "--json", description = "One JSON object per frame.")
    boolean json;

    @Option(names = {"-c", "--count"}, paramLabel = "N", description = "Stop after N frames shown.")
    Long count;

    @Parameters(paramLabel = "ADDR", arity = "0..*",
            description = "The vhid's virtual addresses (for the HMAC), with or without /PREFIX.")
    List<String> addressWords = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        json |= parentJson();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (vhid != null && (vhid < 1 || vhid > 255)) {
            err.println("carpctl decode: --vhid must be 1..255");
            return 2;
        }
        if (passFile != null && addressWords.isEmpty()) {
            err.println("carpctl decode: --pass-file needs the vhid's virtual addresses (ADDR ...): the HMAC covers them");
            return 2;
        }
        List<InetAddress> addresses = new ArrayList<>();
        for (String word : addressWords) {
            Optional<InetAddress> a = parseLiteral(word);
            if (a.isEmpty()) {
                err.println("carpctl decode: not an IP address: " + word);
                return 2;
            }
            addresses.add(a.get());
        }
        Optional<Passphrase> pass = Optional.empty();
        if (passFile != null) {
            try {
                pass = Optional.of(PassFileReader.read(passFile));
            } catch (IOException e) {
                err.println("carpctl decode: " + e.getMessage());
                return 2;
            }
        }
        FrameInspector inspector = new FrameInspector(pass, addresses);
        FrameSink sink = new FrameSink(inspector, out);
        try {
            if (source.file != null) {
                readFile(sink);
            } else {
                capture(sink);
            }
        } catch (IOException e) {
            err.println("carpctl decode: " + e.getMessage());
            return 1;
        }
        if (sink.mismatches > 0) {
            err.println("carpctl decode: " + sink.mismatches + " advertisement(s) failed the HMAC check");
            return 1;
        }
        return 0;
    }

    /** {@code carpctl --json decode ...}: carpctl's own --json, before the command word. */
    private boolean parentJson() {
        CommandSpec parent = spec.parent();
        if (parent == null || parent.findOption("--json") == null) {
            return false;
        }
        return Boolean.TRUE.equals(parent.findOption("--json").getValue());
    }

    private void readFile(FrameSink sink) throws IOException {
        try (PcapFileReader reader = PcapFileReader.open(source.file)) {
            Optional<CapturedFrame> f;
            while (!sink.done() && (f = reader.next()).isPresent()) {
                sink.accept(f.get());
            }
        }
    }

    private void capture(FrameSink sink) throws IOException {
        try (PacketSocket socket = PacketSocket.open(source.iface, PacketTransport.FILTER_BOTH_DIRECTIONS,
                PacketTransport.SNAPLEN, 250)) {
            long n = 0;
            while (!sink.done()) {
                byte[] bytes = socket.receive();
                if (bytes != null) {
                    sink.accept(new CapturedFrame(++n, Instant.now(), bytes));
                }
            }
        }
    }

    /**
     * Numeric addresses only, so a typo is never sent to DNS; a /PREFIX (as the listing and the
     * configuration write them) is accepted and ignored: the HMAC covers the address alone.
     */
    static Optional<InetAddress> parseLiteral(String text) {
        String word = text;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            String prefix = text.substring(slash + 1);
            word = text.substring(0, slash);
            int max = word.contains(":") ? 128 : 32;
            if (!prefix.matches("\\d{1,3}") || Integer.parseInt(prefix) > max) {
                return Optional.empty();
            }
        }
        boolean v4 = word.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = word.contains(":") && word.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(word));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Filters by vhid, counts and prints. */
    private final class FrameSink {
        private final FrameInspector inspector;
        private final PrintWriter out;
        private long shown;
        private long mismatches;

        FrameSink(FrameInspector inspector, PrintWriter out) {
            this.inspector = inspector;
            this.out = out;
        }

        boolean done() {
            return count != null && shown >= count;
        }

        void accept(CapturedFrame frame) {
            FrameInspector.Report r = inspector.inspect(frame);
            if (vhid != null && !(r instanceof FrameInspector.Decoded d && d.packet().advertisement().vhid() == vhid)) {
                return;
            }
            out.println(json ? ReportFormat.json(r) : ReportFormat.text(r));
            out.flush();
            shown++;
            if (r instanceof FrameInspector.Decoded d && d.hmac() == FrameInspector.HmacCheck.MISMATCH) {
                mismatches++;
            }
        }
    }
}
