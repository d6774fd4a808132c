package org.carpd.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class TrackGrammarTest {
    private static final String IFACES = """
            carp0 carpdev eth0 vhid 1 pass pw 198.51.100.10/24
            carp1 carpdev eth0 vhid 2 pass pw group lb 198.51.100.11/24
            """;

    @Test
    void readsEachKindWithDefaultsAndOptions() throws Exception {
        CarpdConfig c = ConfigParser.parse("f", IFACES + """
                track uplink interface eth2 demote carp 50
                track web script "/usr/local/bin/check-web --port 80" interval 5 timeout 3 rise 2 fall 3 demote carp 50 demote lb 10
                track quick script /bin/true demote lb 1
                track load file /run/lb/weight demote lb 1
                """);
        assertEquals(List.of(
                new TrackConfig("uplink", new TrackConfig.Carrier("eth2"), Map.of("carp", 50)),
                new TrackConfig("web", new TrackConfig.Script(List.of("/usr/local/bin/check-web", "--port", "80"),
                        5, 3, 2, 3), Map.of("carp", 50, "lb", 10)),
                new TrackConfig("quick", new TrackConfig.Script(List.of("/bin/true"), 2, 2, 1, 1), Map.of("lb", 1)),
                new TrackConfig("load", new TrackConfig.File("/run/lb/weight", 1), Map.of("lb", 1))),
                c.trackers());
        assertEquals(List.of("carp", "lb"), List.copyOf(c.trackers().get(1).demote().keySet()));
    }

    @Test
    void showConfigWritesTrackersBackAndTheyReadTheSame() throws Exception {
        CarpdConfig c = ConfigParser.parse("f", IFACES + """
                track web script "/opt/my checks/web" demote carp 50
                track load file /run/lb/weight interval 3 demote lb 2 demote carp 1
                """);
        String text = ConfigWriter.render(c);
        assertEquals(true, text.endsWith("""

                track web script "/opt/my checks/web" interval 2 timeout 2 rise 1 fall 1 demote carp 50
                track load file /run/lb/weight interval 3 interval 3 demote lb 2 demote carp 1
                """.replace(" interval 3 interval 3", " interval 3")), text);
        assertEquals(List.of("/opt/my", "checks/web"), ((TrackConfig.Script) c.trackers().get(0).check()).command());
        assertEquals(c.trackers(), ConfigParser.parse("again", text).trackers());
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("track", "f:3:6: expected a tracker name after 'track', found end of line"),
                Arguments.of("track Web interface eth2 demote carp 1",
                        "f:3:7: expected a tracker name ([a-z][a-z0-9_.-]*, at most 31 characters) after 'track', found 'Web'"),
                Arguments.of("track up ping eth2",
                        "f:3:10: expected 'interface', 'script', 'file' or 'destroy' after 'track up', found 'ping'"),
                Arguments.of("track up interface eth2",
                        "f:3:24: expected 'demote GROUP WEIGHT' for tracker up, found end of line"),
                Arguments.of("track up interface eth2 demote carp 0",
                        "f:3:37: expected a weight 1..255 after the group, found '0'"),
                Arguments.of("track up interface eth2 demote carp 256",
                        "f:3:37: expected a weight 1..255 after the group, found '256'"),
                Arguments.of("track up interface eth2 demote carp 1 demote carp 2",
                        "f:3:46: expected a group not yet demoted by tracker up, found 'carp'"),
                Arguments.of("track up interface eth2 demote dmz 1",
                        "f:3:32: expected a group that a carp interface is in after 'demote' (tracker up), found 'dmz'"),
                Arguments.of("track up interface eth2 rise 2 demote carp 1",
                        "f:3:25: expected 'demote GROUP WEIGHT', found 'rise'"),
                Arguments.of("track web script check-web demote carp 1",
                        "f:3:18: expected a command starting with an absolute path after 'script', found 'check-web'"),
                Arguments.of("track web script /bin/true interval 0 demote carp 1",
                        "f:3:37: expected seconds 1..3600 after 'interval', found '0'"),
                Arguments.of("track web script /bin/true interval 2 timeout 3 demote carp 1",
                        "f:3:7: expected a timeout no longer than the interval for tracker web, found timeout 3"
                                + " with interval 2"),
                Arguments.of("track web script /bin/true fall 1 fall 2 demote carp 1",
                        "f:3:35: expected each option once, found 'fall'"),
                Arguments.of("track web script /bin/true rise 256 demote carp 1",
                        "f:3:33: expected a count 1..255 after 'rise', found '256'"),
                Arguments.of("track web script /bin/true demote carp 1 fall 2",
                        "f:3:42: expected 'demote GROUP WEIGHT' or an option (interval, timeout, rise, fall) before it,"
                                + " found 'fall'"),
                Arguments.of("track load file run/weight demote lb 1",
                        "f:3:17: expected an absolute path after 'file', found 'run/weight'"),
                Arguments.of("track load file /run/w timeout 1 demote lb 1",
                        "f:3:24: expected 'demote GROUP WEIGHT' or an option (interval), found 'timeout'"),
                Arguments.of("track gone destroy",
                        "f:3:7: expected a configured tracker before 'destroy', found 'gone'"),
                Arguments.of("track up interface eth2 demote carp 1\ntrack up interface eth3 demote carp 1",
                        "f:4:7: expected each tracker defined once, found 'up' again (first defined on line 3)"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void errorsNameFileLineAndColumn(String lines, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse("f", IFACES + lines + "\n"));
        assertEquals(message, e.getMessage());
    }

    @Test
    void carpctlReplacesAndDestroysARunningTracker() throws Exception {
        CarpdConfig c = ConfigParser.parse("f", IFACES + "track up interface eth2 demote carp 50\n");
        CarpdConfig replaced = ConfigEditor.apply(c, List.of("track", "up", "interface", "eth3", "demote", "lb", "5"));
        assertEquals(List.of(new TrackConfig("up", new TrackConfig.Carrier("eth3"), Map.of("lb", 5))),
                replaced.trackers());
        assertEquals(List.of(), ConfigEditor.apply(replaced, List.of("track", "up", "destroy")).trackers());
        // removing the last member of a tracked group is refused, naming the tracker
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigEditor.apply(replaced, List.of("carp1", "-group", "lb")));
        assertEquals("carpctl:1:1: expected a group that a carp interface is in after 'demote' (tracker up),"
                + " found 'lb'", e.getMessage());
    }

    @Test
    void trackIsNotAnInterfaceName() {
        assertThrows(ConfigException.class, () -> ConfigParser.parse("f", "track carpdev eth0 vhid 1 198.51.100.1/24\n"));
    }
}
