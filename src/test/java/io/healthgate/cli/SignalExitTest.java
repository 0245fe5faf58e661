package io.healthgate.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code demo} and {@code simulate} as real processes, stopped by SIGTERM (what
 * {@link Process#destroy} sends) once they serve: each closes and exits 0, as {@code serve} does
 * ({@link ServeSigtermDrainTest}), not the 143 a signalled JVM gives by default.
 */
@Timeout(180)
class SignalExitTest {
    @TempDir
    Path dir;

    @Test
    void simulateExitsZeroOnSigterm() throws Exception {
        assertStopsCleanly(List.of("simulate", "--port", "0"), "Press Ctrl-C to stop.");
    }

    @Test
    void demoExitsZeroOnSigterm() throws Exception {
        assertStopsCleanly(List.of("demo", "--port", "0", "--sim-port", "0"), "Ctrl-C stops.");
    }

    private void assertStopsCleanly(List<String> args, String readyLine) throws Exception {
        Path log = dir.resolve(args.get(0) + ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", cp, "io.healthgate.cli.Main"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("HEALTHGATE_API_KEYS");
        Process p = pb.start();
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !p.isAlive() || Files.readString(log).contains(readyLine));
            assertThat(p.isAlive()).as("%s should be serving; log:%n%s", args.get(0), Files.readString(log)).isTrue();

            p.destroy(); // SIGTERM

            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
            assertThat(p.exitValue()).as("a SIGTERM is a clean stop for %s; log:%n%s", args.get(0), Files.readString(log)).isZero();
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
