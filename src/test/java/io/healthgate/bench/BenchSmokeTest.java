package io.healthgate.bench;

import io.healthgate.support.TestPostgres;
import io.healthgate.support.TestRedis;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs {@code bench/run-all --smoke} so the benchmark suite cannot rot: every phase (saturation,
 * fixed rate, streaming, failover, held streams) against every target that is installed, with
 * tiny sizes. It checks that the run ends well and that the gateway answered every call of every
 * phase; it never looks at a figure's size (figures belong in docs/BENCHMARKS.md, from full runs).
 * The same for {@code bench/faults all --smoke} (soak, database cut and stall, Redis cut, kill -9):
 * every phase ran and sent, and the store holds every call the gateway counted. And for
 * {@code bench/jmh} with one short iteration: every benchmark prints its row.
 */
class BenchSmokeTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();

    @Test
    void theBenchmarkSuiteRunsEveryPhaseAtSmokeSizesAndTheGatewayAnswersEveryCall() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        assumeTrue(ci || onPath("wrk"), "wrk is not installed (apt-get install -y wrk); .ci/run installs it under CI=true");

        String out = runScript("bench/run-all", "--smoke");
        assertThat(out).contains("SMOKE sizes").contains("Healthgate JVM options: launcher default");

        // Saturation: one row per target; the gateway's row has no errors. (How many requests fit
        // in a smoke row's second depends on the machine, so it is not checked: the script has
        // already had a 200 from every target before measuring.)
        Matcher sat = Pattern.compile(
                "(?m)^\\| healthgate \\| (\\d+) \\| [0-9.]+ \\| [0-9.]+ \\| (\\d+) \\| [0-9.]+ \\| [0-9.]+ \\| (\\d+) \\|").matcher(out);
        assertThat(sat.find()).as("a saturation row for healthgate in:%n%s", out).isTrue();
        assertThat(Long.parseLong(sat.group(1))).as("healthgate c32 req/s").isNotNegative();
        assertThat(sat.group(3)).as("healthgate saturation errors").isEqualTo("0");
        assertThat(out).containsPattern("(?m)^\\| direct \\| \\d+ \\|");

        // Streaming and failover rows of the gateway: errors column is 0.
        assertThat(out).containsPattern("(?m)^\\| healthgate \\| [0-9.]+ \\| \\d+ \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\| 0 \\|");
        for (String model : new String[] {"bench/echo", "bench/after-503", "bench/after-hang"}) {
            assertThat(out).as("failover row for %s without errors", model)
                    .containsPattern("(?m)^\\| " + Pattern.quote(model) + " \\| [^|]+ \\| [0-9.]+ \\| [0-9.]+ \\| 0 \\|");
        }
        assertThat(out).contains("attempts on a 503 call: 2");

        // Held streams: every one opened got its first chunk, none failed.
        Matcher held = Pattern.compile("(\\d+) opened, (\\d+) got a first chunk, (\\d+) errors").matcher(out);
        assertThat(held.find()).as("a held-streams line in:%n%s", out).isTrue();
        assertThat(held.group(2)).isEqualTo(held.group(1));
        assertThat(held.group(3)).isEqualTo("0");
        assertThat(Integer.parseInt(held.group(1))).isPositive();
        // ... and the same streams through the bare Vert.x floor, for comparison.
        Matcher floor = Pattern.compile("bare Vert.x pass-through \\(the floor[^)]*\\): (\\d+) opened, (\\d+) got a first chunk, (\\d+) errors").matcher(out);
        assertThat(floor.find()).as("a held-streams line for the Vert.x floor in:%n%s", out).isTrue();
        assertThat(floor.group(1)).isEqualTo(held.group(1));
        assertThat(floor.group(2)).isEqualTo(floor.group(1));

        // Early warning (bench/prediction.sh at smoke sizes, in process): both halves ran and printed their figures.
        assertThat(out).contains("PREDICTION (SMOKE sizes)").containsPattern("warned >= 60 s before the outage: \\d+ of 12")
                .containsPattern("false alarms: \\d+ degrading warnings");
    }

    @Test
    void theFaultScriptsRunEveryPhaseAtSmokeSizesAndTheStoreKeepsWhatTheGatewayCounted() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        for (String tool : new String[] {"psql", "sqlite3", "redis-cli", "curl", "python3"}) {
            assumeTrue(ci || onPath(tool), tool + " is not installed; bench/faults needs it");
        }
        TestPostgres.requireAvailable();
        TestRedis.requireAvailable();

        String out = runScript("bench/faults", "all", "--smoke");
        assertThat(out).contains("FAULTS (SMOKE sizes)").contains("gateway JVM options: launcher default");

        // Every run printed its phases, in order, each with requests sent (the rate is fixed, so a
        // phase that sent nothing means the generator or the phase file broke).
        String[][] runs = {
                {"SOAK", "first", "middle", "last"},
                {"DATABASE", "baseline", "cut", "recovery", "stall", "recovery-2"},
                {"REDIS", "baseline", "cut", "recovery"},
                {"KILL", "before", "down", "after"}};
        for (String[] run : runs) {
            int at = out.indexOf("\n" + run[0] + ": ");
            assertThat(at).as("the %s block in:%n%s", run[0], out).isNotNegative();
            String block = out.substring(at, out.indexOf("\nFIGURES ", at));
            int from = 0;
            for (int i = 1; i < run.length; i++) {
                Matcher m = Pattern.compile("(?m)^  " + Pattern.quote(run[i]) + " +(\\d+) +(\\d+) +(\\d+) ").matcher(block);
                assertThat(m.find(from)).as("%s phase %s in order in:%n%s", run[0], run[i], block).isTrue();
                assertThat(Long.parseLong(m.group(1))).as("%s %s requests sent", run[0], run[i]).isPositive();
                assertThat(Long.parseLong(m.group(2)) + Long.parseLong(m.group(3))).as("%s %s ok + errors = sent", run[0], run[i])
                        .isEqualTo(Long.parseLong(m.group(1)));
                from = m.end();
            }
            assertThat(block).as("%s process figures", run[0]).containsPattern("RSS \\d+ MiB, \\d+ threads, \\d+ open files");
        }

        // Counts: the store holds at least what the gateway counted (read first), in every run
        // where the gateway lived to the end; across the kill, no more was lost than the bound.
        Matcher counts = Pattern.compile("stored - counted = (-?\\d+)").matcher(out);
        int n = 0;
        while (counts.find()) {
            n++;
            assertThat(Long.parseLong(counts.group(1))).as("stored - counted, occurrence %d, in:%n%s", n, out).isNotNegative();
        }
        assertThat(n).as("a counts line per run").isEqualTo(4);
        Matcher kill = Pattern.compile("FIGURES kill lost=(\\d+) bound=(\\d+) ").matcher(out);
        assertThat(kill.find()).as("the kill figures in:%n%s", out).isTrue();
        assertThat(Long.parseLong(kill.group(1))).as("calls lost at the kill, in:%n%s", out).isLessThanOrEqualTo(Long.parseLong(kill.group(2)));
        assertThat(out).contains("faults: done (all)");
    }

    @Test
    void theJmhBenchmarksRunAtSmokeSizesAndPrintEveryRow() throws Exception {
        // One fork, no warm-up, one 100 ms iteration per mode: that each benchmark runs and reports,
        // not its figure. The jmh profile builds into target/jmh, apart from the classes under test.
        String out = runScript("bench/jmh", "-f", "1", "-wi", "0", "-i", "1", "-r", "100ms", "HotPathBenchmarks");
        for (String benchmark : List.of("routingDecision", "recordOutcome", "snapshotRead", "requestShaping")) {
            assertThat(out).as("a JMH row for %s in:%n%s", benchmark, out)
                    .containsPattern("(?m)^\\| " + benchmark + " \\| [0-9.]+ ± (?:[0-9.]+|n/a) \\| \\d+ \\| \\d+ \\| ns/op \\|$");
        }
    }

    /** Runs a bench script from these classes (no build); its output, once it ended with code 0. */
    private static String runScript(String script, String... args) throws Exception {
        Path log = Files.createTempFile("bench-smoke", ".log");
        List<String> cmd = new ArrayList<>(List.of("bash", ROOT.resolve(script).toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("BENCH_CLASSPATH", ROOT.resolve("target/classes") + ":" + System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")));
        pb.environment().remove("BENCH_OUT");
        pb.environment().remove("HEALTHGATE_JAVA_OPTS");
        Process p = pb.start();
        boolean ended = p.waitFor(10, TimeUnit.MINUTES);
        if (!ended) {
            p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        assertThat(ended).as("%s ended by itself; output:%n%s", script, out).isTrue();
        assertThat(p.exitValue()).as("%s exit code; output:%n%s", script, out).isZero();
        return out;
    }

    private static boolean onPath(String tool) throws IOException, InterruptedException {
        return new ProcessBuilder("bash", "-c", "command -v " + tool).start().waitFor() == 0;
    }
}
