package io.healthgate.bench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
 */
class BenchSmokeTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();

    @Test
    void theBenchmarkSuiteRunsEveryPhaseAtSmokeSizesAndTheGatewayAnswersEveryCall() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        assumeTrue(ci || onPath("wrk"), "wrk is not installed (apt-get install -y wrk); .ci/run installs it under CI=true");

        Path log = Files.createTempFile("bench-smoke", ".log");
        ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("bench/run-all").toString(), "--smoke")
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("BENCH_CLASSPATH", ROOT.resolve("target/classes") + ":" + System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")));
        env.remove("BENCH_OUT");
        env.remove("HEALTHGATE_JAVA_OPTS");
        Process p = pb.start();
        boolean ended = p.waitFor(10, TimeUnit.MINUTES);
        if (!ended) {
            p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);

        assertThat(ended).as("run-all --smoke ended by itself; output:%n%s", out).isTrue();
        assertThat(p.exitValue()).as("run-all --smoke exit code; output:%n%s", out).isZero();
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

        // Early warning (bench/prediction.sh at smoke sizes, in process): both halves ran and printed their figures.
        assertThat(out).contains("PREDICTION (SMOKE sizes)").containsPattern("warned >= 60 s before the outage: \\d+ of 12")
                .containsPattern("false alarms: \\d+ degrading warnings");
    }

    private static boolean onPath(String tool) throws IOException, InterruptedException {
        return new ProcessBuilder("bash", "-c", "command -v " + tool).start().waitFor() == 0;
    }
}
