package io.healthgate.cli;

import io.healthgate.simulator.SimulatedFleet;
import io.healthgate.support.TestFleets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SimulateCommandTest {

    @Test
    void describesWhereItListensAndTheDemoEnvironment() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (SimulatedFleet fleet = SimulatedFleet.start(null, TestFleets.small(), 0)) {
            SimulateCommand.describe(fleet, new PrintStream(buf, true, StandardCharsets.UTF_8));
            String out = buf.toString(StandardCharsets.UTF_8);
            assertThat(out).contains("listening on " + fleet.baseUrl()).contains("3 gateways, 4 models")
                    .contains("export GROQ_API_KEY=" + TestFleets.GROQ_KEY).contains("FAKE").contains("/_truth");
        }
    }

    @Test
    void aBadScenarioFileExitsWithAClearErrorBeforeServing(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, "gateways:\n  - { name: groq, api_key: k, behaviour: { fault: melted } }\n");
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.run("simulate", "--port", "0", "--scenario", f.toString())).isEqualTo(2);
        } finally {
            System.setErr(err);
        }
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains(f.toString()).contains("gateways[0].behaviour.fault").contains("melted")
                .doesNotContain("Exception");
    }
}
