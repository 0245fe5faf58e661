package io.healthgate.cli;

import io.healthgate.app.Healthgate;
import io.healthgate.catalog.Catalog;
import io.healthgate.config.BuiltinCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code ./healthgate serve}: runs the gateway until SIGTERM/SIGINT, then drains gracefully. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the gateway: OpenAI and Anthropic front doors over the configured gateways.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (defaults built in).")
    Path config;

    @Option(names = "--host", description = "Listen address (default: 127.0.0.1 without client keys, else 0.0.0.0).")
    String host;

    @Option(names = "--port", description = "Listen port (default: ${DEFAULT-VALUE}).", defaultValue = "8080")
    int port;

    @Override
    public Integer call() throws InterruptedException {
        Catalog catalog;
        try {
            catalog = BuiltinCatalog.load();
        } catch (RuntimeException e) {
            System.err.println("healthgate serve: cannot load the catalog: " + e.getMessage());
            return 1;
        }
        Healthgate.Settings settings = Healthgate.Settings.defaults().withPort(port);
        if (host != null) {
            settings = settings.withHost(host);
        }
        Healthgate hg;
        try {
            hg = Healthgate.create(settings, catalog, System.getenv(), Clock.systemUTC()).start();
        } catch (RuntimeException e) {
            System.err.println("healthgate serve: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            hg.close();
            stopped.countDown();
        }, "healthgate-shutdown"));
        System.out.println("healthgate serving on " + hg.baseUrl() + " (Ctrl-C to stop)");
        stopped.await();
        return 0;
    }
}
