package io.healthgate.cli;

import io.healthgate.catalog.Catalog;
import io.healthgate.config.BuiltinCatalog;
import io.healthgate.simulator.GatewayTruth;
import io.healthgate.simulator.Scenario;
import io.healthgate.simulator.SimulatedFleet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code healthgate simulate}: the simulated provider fleet alone, until Ctrl-C. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run the simulated provider fleet (OpenAI and Anthropic protocols) until Ctrl-C.")
final class SimulateCommand implements Callable<Integer> {
    static final int DEFAULT_PORT = 8090;
    static final long DEFAULT_SEED = 42;

    @Option(names = "--port", description = "Port on 127.0.0.1 (0: any free port; default ${DEFAULT-VALUE}).")
    int port = DEFAULT_PORT;

    @Option(names = "--scenario", paramLabel = "FILE", description = "Scenario file (YAML or JSON); default: the built-in bad week.")
    Path scenario;

    @Option(names = "--seed", description = "Seed of the built-in scenario (default ${DEFAULT-VALUE}); overrides a file's seed.")
    Long seed;

    @Option(names = "--time-scale", description = "Multiply every scenario duration by this (e.g. 0.1 runs the week's outages 10x faster).")
    Double timeScale;

    @Override
    public Integer call() throws Exception {
        Scenario s;
        try {
            s = load();
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            System.err.println("healthgate simulate: " + e.getMessage());
            return 2;
        }
        SimulatedFleet fleet;
        try {
            fleet = SimulatedFleet.start(null, s, port);
        } catch (IllegalStateException e) {
            System.err.println("healthgate simulate: " + e.getMessage());
            return 1;
        }
        CleanStop stop = CleanStop.onSignal("simulate", fleet::close, System.err);
        describe(fleet, System.out);
        stop.await();
        return 0;
    }

    private Scenario load() throws java.io.IOException {
        Scenario s;
        if (scenario != null) {
            s = Scenario.load(scenario);
            if (seed != null) {
                s = new Scenario(seed, s.timeScale(), s.gateways(), s.models(), s.demoEnvironment());
            }
        } else {
            Catalog catalog;
            try {
                catalog = BuiltinCatalog.load();
            } catch (UnsupportedOperationException e) {
                throw new UnsupportedOperationException("the built-in catalog is not available in this build; pass --scenario FILE");
            }
            s = Scenario.defaultFleet(catalog, seed == null ? DEFAULT_SEED : seed);
        }
        return timeScale == null ? s : s.withTimeScale(timeScale);
    }

    static void describe(SimulatedFleet fleet, PrintStream out) {
        Scenario s = fleet.scenario();
        out.printf("Simulated fleet listening on %s (seed %d, time scale %s)%n", fleet.baseUrl(), s.seed(), s.timeScale());
        out.printf("  %d gateways, %d models; gateway base URLs: %s/gw/{gateway}/v1%n", s.gateways().size(), s.modelIds().size(), fleet.baseUrl());
        out.printf("  control: POST %s/_control/offers/{gateway}/{model} | /_control/gateways/{gateway} | /_control/reset%n", fleet.baseUrl());
        out.printf("  truth:   GET %s/_truth    stats: GET %s/_stats%n", fleet.baseUrl(), fleet.baseUrl());
        out.println("Demo environment (simulated keys: FAKE, valid only against this simulator):");
        for (Map.Entry<String, String> e : s.demoEnvironment().entrySet()) {
            out.printf("  export %s=%s%n", e.getKey(), e.getValue());
        }
        for (GatewayTruth g : fleet.gatewayTruth()) {
            if (!g.demoKey().equals("ok") && !g.demoKey().equals("missing")) {
                out.printf("  note: %s expects %s; the demo key is %s%n", g.gateway(), g.apiKeyEnv(), g.demoKey());
            }
        }
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }
}
