package io.healthgate.cli;

import io.healthgate.app.Healthgate;
import io.healthgate.config.CatalogFactory;
import io.healthgate.config.ConfigException;
import io.healthgate.config.ConfigLoader;
import io.healthgate.config.HealthgateConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code ./healthgate serve}: runs the gateway until SIGTERM/SIGINT, then drains gracefully. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the gateway: OpenAI and Anthropic front doors over the configured gateways.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (built-in defaults otherwise).")
    Path config;

    @Option(names = "--host", description = "Listen address (overrides server.host).")
    String host;

    @Option(names = "--port", description = "Listen port (overrides server.port; 0 picks a free one).")
    Integer port;

    /** Exit code of an invalid configuration (nothing was started). */
    static final int CONFIG_ERROR = 2;
    /** Exit code of a start that failed for another reason (everything it opened is closed again). */
    static final int START_FAILED = 1;

    /** The process environment, read once (a test passes its own). */
    Map<String, String> environment = System.getenv();

    /** A started gateway, or the exit code of a start that did not happen. */
    record Launch(Optional<Healthgate> gateway, int exitCode) {
    }

    @Override
    public Integer call() throws InterruptedException {
        Launch launch = launch(System.err);
        if (launch.gateway().isEmpty()) {
            return launch.exitCode();
        }
        Healthgate hg = launch.gateway().get();
        // Drains within server.shutdown_grace_seconds, flushes the store and the alert queues.
        CleanStop stop = CleanStop.onSignal("serve", hg::close, System.err);
        System.out.println("healthgate serving on " + hg.baseUrl() + " (Ctrl-C to stop)");
        stop.await();
        return 0;
    }

    /**
     * Loads the configuration and starts the gateway. An invalid configuration prints every
     * problem (file, key path, value) and gives {@link #CONFIG_ERROR} before anything starts; a
     * start that fails otherwise has closed what it opened and prints one line saying what failed
     * where, giving {@link #START_FAILED}.
     */
    Launch launch(PrintStream err) {
        Map<String, String> env = environment;
        HealthgateConfig cfg;
        try {
            cfg = ConfigLoader.load(Optional.ofNullable(config), env);
        } catch (ConfigException e) {
            err.println("healthgate serve: invalid configuration:");
            e.problems().forEach(p -> err.println("  - " + p));
            return new Launch(Optional.empty(), CONFIG_ERROR);
        }
        try {
            Healthgate.Settings settings = Healthgate.Settings.from(cfg);
            if (host != null) {
                settings = settings.withHost(host);
            }
            if (port != null) {
                settings = settings.withPort(port);
            }
            // POST /admin/reload reads the same file again (the environment is the process's, read once).
            Optional<Path> file = Optional.ofNullable(config);
            return new Launch(Optional.of(Healthgate.create(cfg, settings, CatalogFactory.build(cfg, env), env, Clock.systemUTC())
                    .reloadFrom(() -> ConfigLoader.load(file, env)).start()), 0);
        } catch (RuntimeException e) {
            err.println("healthgate serve: could not start: " + e.getMessage());
            return new Launch(Optional.empty(), START_FAILED);
        }
    }
}
