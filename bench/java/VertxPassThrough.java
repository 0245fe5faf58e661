import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The floor for any Vert.x proxy: the smallest pass-through that relays a request to one
 * upstream and the answer back, with the tuning DESIGN.md says mattered (pool above the default
 * 5, TCP_NODELAY, one verticle per core). No parsing, routing or bookkeeping: whatever the
 * gateway costs beyond this is its own work. Compiled and started by bench/run-all against the
 * project's own Vert.x; not part of the product.
 *
 * <pre>java -cp healthgate.jar VertxPassThrough.java PORT UPSTREAM_HOST UPSTREAM_PORT [MAX_CONNECTIONS_PER_VERTICLE]</pre>
 */
public final class VertxPassThrough extends AbstractVerticle {
    private final int port;
    private final String upstreamHost;
    private final int upstreamPort;
    private final int maxConnections;

    private VertxPassThrough(int port, String upstreamHost, int upstreamPort, int maxConnections) {
        this.port = port;
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        this.maxConnections = maxConnections;
    }

    @Override
    public void start(Promise<Void> started) {
        HttpClient client = vertx.createHttpClient(
                new HttpClientOptions().setTcpNoDelay(true).setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(maxConnections));
        vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true).setHost("127.0.0.1").setPort(port))
                .requestHandler(req -> {
                    req.pause();
                    RequestOptions out = new RequestOptions().setMethod(req.method()).setHost(upstreamHost)
                            .setPort(upstreamPort).setURI(req.uri()).setHeaders(req.headers());
                    client.request(out).onComplete(ar -> {
                        if (ar.failed()) {
                            req.response().setStatusCode(502).end();
                            return;
                        }
                        var upstreamReq = ar.result();
                        upstreamReq.response().onComplete(rr -> {
                            if (rr.failed()) {
                                req.response().setStatusCode(502).end();
                                return;
                            }
                            var upstream = rr.result();
                            var resp = req.response().setStatusCode(upstream.statusCode());
                            resp.headers().setAll(upstream.headers());
                            if (!upstream.headers().contains("content-length")) {
                                resp.setChunked(true);
                            }
                            upstream.pipeTo(resp);
                        });
                        req.pipeTo(upstreamReq);
                    });
                })
                .listen()
                .<Void>mapEmpty()
                .onComplete(started);
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        String host = args[1];
        int upstreamPort = Integer.parseInt(args[2]);
        // Upstream connections per verticle (one per core): 256 like the gateway's per-loop pool; the
        // held-stream row raises it so that every stream has its own upstream connection.
        int maxConnections = args.length > 3 ? Integer.parseInt(args[3]) : 256;
        Vertx vertx = Vertx.vertx();
        int instances = Runtime.getRuntime().availableProcessors();
        vertx.deployVerticle(() -> new VertxPassThrough(port, host, upstreamPort, maxConnections), new DeploymentOptions().setInstances(instances))
                .onSuccess(id -> System.out.println("vertx pass-through listening on " + port + " (" + instances + " instances)"))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }
}
