package io.healthgate.bench;

import io.healthgate.app.Healthgate;
import io.healthgate.catalog.Catalog;
import io.healthgate.config.HealthgateConfig;
import io.healthgate.config.ServerConfig;
import io.healthgate.config.StorageConfig;
import io.healthgate.simulator.Scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The gateway under benchmark, as its own process so its resident memory can be read from
 * {@code /proc/<pid>/status}: the scenario's catalog pointed at a simulator already running
 * elsewhere, the scenario's demo keys, one client key, and everything else at its shipped default
 * (store, probes, alerting on; one server instance per core). Run by {@code bench/load.sh}.
 *
 * <pre>
 * java -cp target/healthgate.jar:target/test-classes io.healthgate.bench.BenchGateway \
 *      SCENARIO SIMULATOR_BASE_URL PORT DATA_DIR [full|lean]
 * </pre>
 *
 * {@code lean} runs only the request path (live health, breakers, routing; no store, probes or
 * alerting), for telling the cost of the background work apart. Stops on SIGTERM.
 */
public final class BenchGateway {
    /** The client key {@code bench/load.sh} sends; fake, valid only against this process. */
    public static final String CLIENT_KEY = "bench-client-key";

    private BenchGateway() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 4) {
            System.err.println("usage: BenchGateway SCENARIO SIMULATOR_BASE_URL PORT DATA_DIR [full|lean]");
            System.exit(2);
        }
        Scenario scenario = Scenario.load(Path.of(args[0]));
        Catalog catalog = scenario.toCatalog(args[1]);
        int port = Integer.parseInt(args[2]);
        Path data = Files.createDirectories(Path.of(args[3]));
        boolean lean = args.length > 4 && args[4].equals("lean");

        HealthgateConfig d = HealthgateConfig.defaults();
        HealthgateConfig config = d.withServer(new ServerConfig("127.0.0.1", port, d.server().maxBodyBytes(), 2))
                .withStorage(new StorageConfig("jdbc:sqlite:" + data.resolve("bench.db")));
        Map<String, String> env = new HashMap<>(scenario.demoEnvironment());
        env.put(config.auth().clientKeysEnv(), CLIENT_KEY);
        Healthgate.Settings settings = Healthgate.Settings.from(config);
        Healthgate gateway = lean
                ? Healthgate.create(settings, catalog, env, Clock.systemUTC())
                : Healthgate.create(config, settings, catalog, env, Clock.systemUTC());
        gateway.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "bench-gateway-shutdown"));
        System.out.println("bench gateway listening on " + gateway.baseUrl() + " (" + (lean ? "lean" : "full") + ")");
        System.out.flush();
        stopped.await();
    }
}
