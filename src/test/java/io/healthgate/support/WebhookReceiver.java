package io.healthgate.support;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/** A local HTTP receiver on 127.0.0.1 and a random port that records every request it gets. */
public final class WebhookReceiver implements AutoCloseable {
    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private volatile int status = 200;

    public record Request(String method, String path, String contentType, String body) {
    }

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            WebhookReceiver r = new WebhookReceiver(server);
            server.createContext("/", exchange -> {
                InputStream in = exchange.getRequestBody();
                if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    in = new GZIPInputStream(in);
                }
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                synchronized (r) {
                    r.requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                            String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")), body));
                }
                exchange.sendResponseHeaders(r.status, -1);
                exchange.close();
            });
            server.setExecutor(Executors.newFixedThreadPool(2, t -> {
                Thread th = new Thread(t, "webhook-receiver");
                th.setDaemon(true);
                return th;
            }));
            server.start();
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void respondWith(int status) {
        this.status = status;
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
