package org.carpd.cli.carp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.carpd.cli.control.ControlCaller;
import org.carpd.cli.control.ControlReply;
import org.carpd.cli.control.ControlRequest;
import org.junit.jupiter.api.Test;

/** Typos of carpctl's commands, and the record of changes: quoted, secrets masked. */
class CommandWordsTest {
    @Test
    void misspeltCommandsGetASuggestionAndUnknownNamesSaySo() {
        assertEquals("carpctl: unknown command 'stat', did you mean 'stats'?", CommandTypos.unknownWord("stat"));
        assertEquals("carpctl: unknown command 'shwo-config', did you mean 'show-config'?",
                CommandTypos.unknownWord("shwo-config"));
        assertEquals("carpctl: unknown command 'sttaus', did you mean 'status'?", CommandTypos.unknownWord("sttaus"));
        assertEquals("carpctl: unknown command 'wacth', did you mean 'watch'?", CommandTypos.unknownWord("wacth"));
        assertEquals("carpctl: no such interface: carp9", CommandTypos.unknownWord("carp9"));
        assertEquals("carpctl: no such interface: uplink", CommandTypos.unknownWord("uplink"));
        assertEquals(Optional.empty(), CommandTypos.suggestion("set"), "a command is not its own typo");
        assertEquals(Optional.empty(), CommandTypos.suggestion("carp"));
    }

    @Test
    void aGrammarErrorAfterAMisspeltCommandSaysBoth() {
        assertEquals("carpctl: unknown command 'stat', did you mean 'stats'? (as a new carp interface: carpctl:1:6: x)",
                CommandTypos.grammarError("stat", "carpctl:1:6: x"));
        assertEquals("carpctl:1:7: x", CommandTypos.grammarError("carp9", "carpctl:1:7: x"));
    }

    @Test
    void onlyCommandsThatMayChangeSomethingAreRecorded() {
        assertFalse(CommandAudit.mayChange(ControlRequest.of()));
        assertFalse(CommandAudit.mayChange(ControlRequest.of("status")));
        assertFalse(CommandAudit.mayChange(ControlRequest.of("carp0")));
        assertFalse(CommandAudit.mayChange(ControlRequest.of("track")));
        assertFalse(CommandAudit.mayChange(ControlRequest.of("track", "web")));
        assertTrue(CommandAudit.mayChange(ControlRequest.of("track", "web", "destroy")));
        assertTrue(CommandAudit.mayChange(ControlRequest.of("stats", "-z")));
        assertTrue(CommandAudit.mayChange(ControlRequest.of("carp0", "advskew", "100")));
        assertTrue(CommandAudit.mayChange(new ControlRequest(List.of("carpdemote"), false, Optional.of("carp"))));
    }

    @Test
    void commandLineIsQuotedLikeAShellAndNeverShowsASecret() {
        assertEquals("-g carp carpdemote -5",
                CommandAudit.commandLine(new ControlRequest(List.of("carpdemote", "-5"), false, Optional.of("carp"))));
        assertEquals("carp0 pass <secret> 198.18.0.10/24 2001:db8::10/64",
                CommandAudit.commandLine(ControlRequest.of("carp0", "pass", "hunter2", "198.18.0.10/24", "2001:db8::10/64")));
        assertEquals("carp0 on-master '/etc/carpd/my hook' 'it'\\''s' '\\x1b[31m'",
                CommandAudit.commandLine(ControlRequest.of("carp0", "on-master", "/etc/carpd/my hook", "it's", "\u001b[31m")));
        assertEquals("alice (uid 1000)", new ControlCaller("alice", java.util.OptionalLong.of(1000)).toString());
    }

    @Test
    void recordLogsAppliedChangesAtNoticeAndRefusalsAtInfo() {
        ListAppender log = ListAppender.attach();
        try {
            ControlCaller alice = new ControlCaller("alice", java.util.OptionalLong.of(1000));
            CommandAudit.record(log.logger(), ControlRequest.of("carp0", "advskew", "100"), alice, ControlReply.ok());
            CommandAudit.record(log.logger(), ControlRequest.of("carp0", "carpdev", "eht0"), alice,
                    ControlReply.usage("no"));
            CommandAudit.record(log.logger(), ControlRequest.of("status"), alice, ControlReply.ok());
            assertEquals(List.of("INFO NOTICE carpctl by alice (uid 1000): carp0 advskew 100",
                    "INFO - carpctl by alice (uid 1000), refused (exit 2): carp0 carpdev eht0"), log.lines());
        } finally {
            log.detach();
        }
    }
}
