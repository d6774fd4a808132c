package org.carpd.cli.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.carpd.cli.lab.LabCarpd;
import org.carpd.core.wire.Advertisement;
import org.carpd.core.wire.AdvertisementCodec;
import org.carpd.core.wire.CarpAuthenticator;
import org.carpd.testing.lab.CarpAttacker;
import org.carpd.testing.lab.CarpAttacker.Captured;
import org.carpd.testing.lab.CarpAttacker.Rewrite;
import org.carpd.testing.lab.HolderTimeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9: an attacker on the segment without the key replays captured advertisements at two
 * real carpd daemons (h1 master advskew 0, h2 backup advskew 100), in IPv4 and IPv6, under each
 * replay policy that claims protection. The five attacks, each for a few intervals:
 * <ol>
 * <li>rewritten to advbase 0/advskew 1 and replayed from a new source per packet;</li>
 * <li>replayed unchanged from a higher spoofed source (the tie-break);</li>
 * <li>one forged bow-out (255/255) from a spoofed source;</li>
 * <li>the master's own advertisement replayed to it from its own address;</li>
 * <li>the master dies and its advertisement is replayed from spoofed sources.</li>
 * </ol>
 * Each of 1, 2 and 4 is 40 packets at 20 per second. Through 1-4 the address must stay on h1 alone (sampled every 250 ms), and every forged packet
 * be counted as rejected by both daemons and logged at a limited rate; in 5 h2 must take over
 * within its master-down time.
 */
class ReplayAttackIT {
    private static final String VIP4 = LabCarpd.VIP4;
    private static final String VIP6 = LabCarpd.VIP6;
    private static final Duration GAP = Duration.ofMillis(50);
    /** Packets per attack: two advertisement intervals at 20 per second. */
    private static final int PER_ATTACK = 40;
    /** h2's master-down time, 3 x (1 + 100/256) s, plus sampling and start-up of the announcements. */
    private static final Duration TAKEOVER = Duration.ofMillis(3 * (1000 + 100 * 1000 / 256) + 750);
    private static final Pattern REPLAY_LOG = Pattern.compile("(?i)replay");

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "replay {0}")
    @ValueSource(strings = {"strict", "auto"})
    void capturedAdvertisementsCannotMoveTheAddress(String policy) throws Exception {
        try (AttackLab a = AttackLab.create(tmp)) {
            a.start(policy, a::dualStack, List.of(VIP4, VIP6));
            Map<String, Long> masterBefore = a.master.stats();
            Map<String, Long> backupBefore = a.backup.stats();
            Instant attackStart = Instant.now();
            long sentBefore = a.attacker.sent();
            List<String> done = new ArrayList<>();
            for (boolean v6 : new boolean[] {false, true}) {
                String fam = v6 ? "IPv6" : "IPv4";
                Captured c = a.captureFromMaster(v6);
                // 1: advbase 0/advskew 1 (would beat everyone), a new source per packet
                a.send(PER_ATTACK, GAP, i -> a.attacker.rewrite(c, Rewrite.UNCHANGED.withTimers(0, 1).from(AttackLab.spoofed(c, i))));
                done.add(fam + " rewritten 0/1 from new sources");
                // 2: unchanged from a higher source (wins a tie on address)
                InetAddress high = v6 ? CarpAttacker.highIpv6() : CarpAttacker.highIpv4();
                a.send(PER_ATTACK, GAP, i -> a.attacker.rewrite(c, Rewrite.UNCHANGED.from(high)));
                done.add(fam + " unchanged from a higher source");
                // 3: one forged bow-out, then long enough for a wrong takeover to show
                a.send(1, Duration.ofMillis(1500),
                        i -> a.attacker.rewrite(c, Rewrite.UNCHANGED.bowOut().from(AttackLab.spoofed(c, 1000))));
                done.add(fam + " forged bow-out");
                // 4: the master's own advertisement, from its own address
                a.send(PER_ATTACK, GAP, i -> a.attacker.rewrite(c, Rewrite.UNCHANGED));
                done.add(fam + " own advertisement replayed");
            }
            Instant attacksEnd = Instant.now();
            long sent = a.attacker.sent() - sentBefore;
            Map<String, Long> masterAfter = a.master.stats();
            Map<String, Long> backupAfter = a.backup.stats();

            // 5: the master dies; its last advertisements keep being replayed from spoofed sources
            Captured last4 = a.captureFromMaster(false);
            Captured last6 = a.captureFromMaster(true);
            Instant death = Instant.now();
            a.master.kill();
            a.master.host().exec("ip", "addr", "del", VIP4 + "/24", "dev", "eth0"); // the host is gone
            a.master.host().exec("ip", "addr", "del", VIP6 + "/64", "dev", "eth0");
            a.master.host().linkDown();
            long deadline = System.nanoTime() + TAKEOVER.plusSeconds(2).toNanos();
            for (int i = 0; System.nanoTime() < deadline; i++) {
                int k = i;
                a.send(1, Duration.ofMillis(100), x -> a.attacker.rewrite(last4, Rewrite.UNCHANGED.from(AttackLab.spoofed(last4, k))));
                a.send(1, Duration.ofMillis(100), x -> a.attacker.rewrite(last6, Rewrite.UNCHANGED.from(AttackLab.spoofed(last6, k))));
            }
            HolderTimeline t = a.sampler().stop();
            String why = "\nafter " + done + "\nv4:\n" + t.render(VIP4) + "\nv6:\n" + t.render(VIP6) + "\nh1 log:\n"
                    + a.master.log() + "\nh2 log:\n" + a.backup.log();

            for (String vip : List.of(VIP4, VIP6)) {
                assertEquals("h1", t.between(attackStart, attacksEnd).assertExactlyOneHolderFrom(vip, attackStart), why);
                assertEquals("h2", t.assertExactlyOneHolderFrom(vip, death.plus(TAKEOVER)),
                        "the backup must take over from the dead master despite the replays" + why);
            }
            assertTrue(a.backup.transitions().stream().anyMatch(x -> x.to().equals("MASTER")
                    && x.reason().equals("master down") && !x.time().isBefore(death)), why);

            long backupRejected = AttackLab.rejected(backupAfter) - AttackLab.rejected(backupBefore);
            long masterRejected = AttackLab.rejected(masterAfter) - AttackLab.rejected(masterBefore);
            String counts = "sent " + sent + ", h1 rejected " + masterRejected + " " + masterAfter + ", h2 rejected "
                    + backupRejected + " " + backupAfter;
            System.out.println("[carpd attack] replay " + policy + ": " + counts);
            assertTrue(backupRejected >= sent, "every forged packet must be counted by h2: " + counts + why);
            assertTrue(masterRejected >= sent, "every forged packet must be counted by h1: " + counts + why);
            assertTrue(AttackLab.counter(backupAfter, "discarded as replays")
                    - AttackLab.counter(backupBefore, "discarded as replays") >= sent - (PER_ATTACK + 1),
                    "h2 counts the replays as replays (all but the master's own): " + counts);
            for (LabCarpd n : List.of(a.master, a.backup)) {
                long lines = n.log().lines().filter(l -> REPLAY_LOG.matcher(l).find()).count();
                assertTrue(lines >= 1 && lines <= sent / 4, n + " logged " + lines + " replay lines for " + sent
                        + " packets (must log, rate-limited):\n" + n.log());
            }
        }
    }

    /**
     * An IPv4-only vhid must not take advertisements that come over IPv6, even with a valid HMAC
     * and a fresh counter (signed here with the key, as a keyed but misconfigured or hostile
     * peer would): the master stays, the packets are counted as rejected, and when the master
     * dies the backup still takes over while they keep coming.
     */
    @Test
    void ipv4OnlyVhidIgnoresAdvertisementsOverIpv6() throws Exception {
        try (AttackLab a = AttackLab.create(tmp)) {
            a.start("auto", skew -> {
                try {
                    return "carp0 carpdev eth0 lladdr carpdev vhid 1 advbase 1 advskew " + skew + " pass-file " + a.keyFor(skew)
                            + " " + VIP4 + "/24\n";
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }, List.of(VIP4));
            Captured c = a.captureFromMaster(false);
            CarpAuthenticator auth = new CarpAuthenticator(AttackLab.PASS.getBytes(), 1,
                    List.of(InetAddress.getByName(VIP4)));
            Map<String, Long> before = a.backup.stats();
            Instant start = Instant.now();
            long base = c.advertisement().counter() + 1_000_000L;
            a.send(40, GAP, i -> keyedOverIpv6(a, auth, base + i));
            Map<String, Long> after = a.backup.stats();
            Instant death = Instant.now();
            a.master.kill();
            a.master.host().exec("ip", "addr", "del", VIP4 + "/24", "dev", "eth0");
            a.master.host().linkDown();
            long deadline = System.nanoTime() + TAKEOVER.plusSeconds(2).toNanos();
            for (int i = 40; System.nanoTime() < deadline; i++) {
                long k = base + i;
                a.send(1, Duration.ofMillis(100), x -> keyedOverIpv6(a, auth, k));
            }
            HolderTimeline t = a.sampler().stop();
            String why = "\n" + t.render(VIP4) + "\nh2 log:\n" + a.backup.log();
            assertEquals("h1", t.between(start, death).assertExactlyOneHolderFrom(VIP4, start), why);
            assertEquals("h2", t.assertExactlyOneHolderFrom(VIP4, death.plus(TAKEOVER)), why);
            long rejected = AttackLab.rejected(after) - AttackLab.rejected(before);
            assertTrue(rejected >= 40, "40 IPv6 advertisements for an IPv4-only vhid, rejected " + rejected + " " + after);
        }
    }

    /** advbase 0/advskew 0 (beats any master), signed with the key, from a spoofed link-local. */
    private static byte[] keyedOverIpv6(AttackLab a, CarpAuthenticator auth, long counter) {
        Advertisement ad = new Advertisement(1, 0, 0, 0, counter, auth.sign(counter));
        return AdvertisementCodec.encodeFrameV6(a.attackerHost.mac(), CarpAttacker.spoofedIpv6((int) counter), ad);
    }
}
