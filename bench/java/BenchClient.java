import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load generators wrk cannot be, and the slow upstream, for bench/run-all. One file,
 * compiled by the script against the project's Vert.x; not part of the product. Every mode ends
 * by itself and prints one {@code RESULT} line (times in milliseconds).
 *
 * <ul>
 * <li>{@code rate URL RPS WARMUP_S SECONDS} — open loop at a constant rate, wrk2-style: each
 *     request's latency counts from the moment it was due, so a stall is not hidden
 *     (coordinated omission). RESULT sent ok errors p50 p90 p99 p999.</li>
 * <li>{@code stream URL CONC WARMUP_S SECONDS} — closed loop of streamed calls. RESULT streams
 *     errors streams_per_s ttfc50 ttfc99 total50 chunks_per_s.</li>
 * <li>{@code hold URL N OPEN_PER_S HOLD_S PID} — opens N streams (the models of BENCH_HOLD_MODELS,
 *     comma-separated, used round-robin), waits until each has its first chunk, samples the process PID (RSS, threads,
 *     heap via jcmd) while all are open, holds them HOLD_S, then closes them. RESULT opened ok
 *     errors ttfc50 ttfc99 ttfcmax rss_kib threads heap_used_kib.</li>
 * <li>{@code slow-upstream PORT_FILE COUNT CHUNK_DELAY_MS CHUNKS} — COUNT servers on free ports
 *     (written to PORT_FILE, one a line) answering any POST with an OpenAI-style event stream: the
 *     first chunk at once, then one every CHUNK_DELAY_MS. Paths under /down/ answer 503 at once,
 *     paths under /hang/ never answer. Runs until killed, at most an hour.</li>
 * <li>{@code mix BASE_URLS RPS PHASE_FILE} — open loop at a constant rate over four kinds in turn:
 *     chat completions and messages, each whole and streamed (the model from BENCH_MODEL), spread
 *     round-robin over the comma-separated gateway base URLs. Each request belongs to the phase
 *     that began before its due time: PHASE_FILE holds "NAME EPOCH_MS" (the phase and when it began;
 *     the script rewrites the file to change phase). While it says {@code wait} none is sent (it
 *     prints {@code STARTED} once ready); from the start of {@code end} no more are sent, and once the last answers are in (at most 60 s) it prints
 *     one {@code PHASE name sent ok errors p50 p90 p99 max} line per phase in order, then
 *     {@code KINDS name} with each kind's ok/errors. Latency counts from the due time; a stream
 *     is ok when it is 200 and ends with its protocol's end marker.</li>
 * </ul>
 * Request bodies come from BENCH_BODY; headers from BENCH_HEADERS ("Name: value|Name: value").
 */
public final class BenchClient {
    private static final String DEFAULT_BODY =
            "{\"model\":\"bench/echo\",\"stream\":true,\"max_tokens\":20,\"messages\":[{\"role\":\"user\",\"content\":\"Say hello to the benchmark.\"}]}";

    public static void main(String[] args) throws Exception {
        run(args);
        System.exit(0);
    }

    /**
     * {@code batch FILE}: one job a line, tab-separated: label, headers, body, then a mode and its
     * arguments as above; each job prints {@code RESULT label ...}. One JVM for a whole phase, so
     * a run does not pay a JVM start (and a cold JIT) per row.
     */
    private static void run(String[] args) throws Exception {
        switch (args[0]) {
            case "batch" -> {
                for (String line : Files.readAllLines(Path.of(args[1]))) {
                    if (line.isBlank()) {
                        continue;
                    }
                    String[] f = line.split("\t");
                    HEADERS = f[1];
                    BODY = Buffer.buffer(f[2]);
                    System.out.print("LABEL " + f[0] + " ");
                    run(Arrays.copyOfRange(f, 3, f.length));
                    System.out.flush();
                }
            }
            case "rate" -> rate(URI.create(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            case "stream" -> stream(URI.create(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            case "hold" -> hold(URI.create(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]), Long.parseLong(args[5]));
            case "mix" -> mix(args[1].split(","), Integer.parseInt(args[2]), Path.of(args[3]));
            case "slow-upstream" -> slowUpstream(Path.of(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]), Integer.parseInt(args[4]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    // --- shared ---------------------------------------------------------------------------------

    private static Buffer BODY = Buffer.buffer(System.getenv().getOrDefault("BENCH_BODY", DEFAULT_BODY));
    private static String HEADERS = System.getenv().getOrDefault("BENCH_HEADERS", "");

    private static RequestOptions post(URI uri) {
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setHost(uri.getHost()).setPort(uri.getPort())
                .setURI(uri.getRawPath()).putHeader("Content-Type", "application/json");
        String headers = HEADERS;
        for (String h : headers.split("\\|")) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                o.putHeader(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
            }
        }
        return o;
    }

    private static HttpClient client(Vertx vertx, int connections) {
        return vertx.createHttpClient(new HttpClientOptions().setTcpNoDelay(true).setKeepAlive(true)
                        .setConnectTimeout(30_000).setIdleTimeout(0),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    }

    /** Sorted sample of nanosecond durations. */
    private static final class Sample {
        private long[] v = new long[1024];
        private int n;

        synchronized void add(long nanos) {
            if (n == v.length) {
                v = Arrays.copyOf(v, n * 2);
            }
            v[n++] = nanos;
        }

        synchronized String ms(double... quantiles) {
            long[] s = Arrays.copyOf(v, n);
            Arrays.sort(s);
            StringBuilder out = new StringBuilder();
            for (double q : quantiles) {
                double x = s.length == 0 ? 0 : s[Math.min(s.length - 1, (int) Math.ceil(q * s.length) - 1 < 0 ? 0 : (int) Math.ceil(q * s.length) - 1)] / 1e6;
                out.append(String.format(" %.3f", x));
            }
            return out.toString();
        }

        synchronized int size() {
            return n;
        }
    }

    // --- rate -----------------------------------------------------------------------------------

    private static void rate(URI uri, int rps, int warmupS, int seconds) throws Exception {
        Vertx vertx = Vertx.vertx();
        HttpClient client = client(vertx, 512);
        RequestOptions opts = post(uri);
        if (warmupS > 0) {
            runRate(vertx, client, opts, rps, warmupS, new Sample(), new AtomicLong(), new AtomicLong(), new AtomicLong());
        }
        Sample lat = new Sample();
        AtomicLong sent = new AtomicLong(), ok = new AtomicLong(), errors = new AtomicLong();
        runRate(vertx, client, opts, rps, seconds, lat, sent, ok, errors);
        System.out.println("RESULT " + sent.get() + " " + ok.get() + " " + errors.get() + lat.ms(0.5, 0.9, 0.99, 0.999));
        vertx.close().await();
    }

    private static void runRate(Vertx vertx, HttpClient client, RequestOptions opts, int rps, int seconds,
                                Sample lat, AtomicLong sent, AtomicLong ok, AtomicLong errors) throws InterruptedException {
        long total = (long) rps * seconds;
        long start = System.nanoTime();
        double interval = 1e9 / rps;
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong completed = new AtomicLong();
        long[] next = {0};
        vertx.setPeriodic(1, id -> {
            long now = System.nanoTime();
            while (next[0] < total && start + (long) (next[0] * interval) <= now) {
                long due = start + (long) (next[0] * interval);
                next[0]++;
                sent.incrementAndGet();
                client.request(opts).compose(r -> r.send(BODY)).compose(r -> r.body().map(b -> r.statusCode()))
                        .onComplete(ar -> {
                            if (ar.succeeded() && ar.result() / 100 == 2) {
                                ok.incrementAndGet();
                                lat.add(System.nanoTime() - due);
                            } else {
                                errors.incrementAndGet();
                            }
                            if (completed.incrementAndGet() == total) {
                                done.countDown();
                            }
                        });
            }
            if (next[0] >= total) {
                vertx.cancelTimer(id);
            }
        });
        done.await(seconds + 30L, TimeUnit.SECONDS);
    }

    // --- mix ----------------------------------------------------------------------------------

    private static final String[] KINDS = {"chat", "chat-stream", "messages", "messages-stream"};

    /** One phase's tally. Errors keep their first few reasons, so a failing phase says why. */
    private static final class Phase {
        final Sample lat = new Sample();
        final AtomicLong sent = new AtomicLong(), ok = new AtomicLong(), errors = new AtomicLong();
        final AtomicLong[] kindOk = new AtomicLong[KINDS.length], kindErr = new AtomicLong[KINDS.length];
        final List<String> reasons = new ArrayList<>();

        Phase() {
            for (int i = 0; i < KINDS.length; i++) {
                kindOk[i] = new AtomicLong();
                kindErr[i] = new AtomicLong();
            }
        }

        synchronized void reason(String r) {
            if (reasons.size() < 3) {
                reasons.add(r);
            }
        }
    }

    private static void mix(String[] bases, int rps, Path phaseFile) throws Exception {
        Vertx vertx = Vertx.vertx();
        HttpClient client = client(vertx, 512);
        String model = System.getenv().getOrDefault("BENCH_MODEL", "bench/mix");
        Buffer[] bodies = new Buffer[KINDS.length];
        for (int k = 0; k < KINDS.length; k++) {
            bodies[k] = Buffer.buffer("{\"model\":\"" + model + "\",\"max_tokens\":20,\"stream\":" + KINDS[k].endsWith("stream")
                    + ",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello to the soak.\"}]}");
        }
        RequestOptions[][] opts = new RequestOptions[bases.length][KINDS.length];
        for (int b = 0; b < bases.length; b++) {
            for (int k = 0; k < KINDS.length; k++) {
                String path = KINDS[k].startsWith("chat") ? "/v1/chat/completions" : "/v1/messages";
                // A request that gets no byte for 30 s is an error, not a hang of the generator.
                opts[b][k] = post(URI.create(bases[b] + path)).setIdleTimeout(30_000);
            }
        }
        java.util.Map<String, Phase> phases = new java.util.LinkedHashMap<>();
        // Phase starts in epoch ms, as the script wrote them: a request belongs to the phase that
        // had begun at its due time, even when a busy machine delays the timer that sends it.
        java.util.TreeMap<Long, String> starts = new java.util.TreeMap<>();
        String[] current = {"wait"};
        AtomicLong inFlight = new AtomicLong();
        long[] start = {System.nanoTime()};
        long wall0 = System.currentTimeMillis(), nano0 = System.nanoTime();
        double interval = 1e9 / rps;
        long[] next = {0};
        CountDownLatch stopped = new CountDownLatch(1);
        System.out.println("STARTED");
        System.out.flush();
        vertx.setPeriodic(1, id -> {
            long now = System.nanoTime();
            String[] read = readPhase(phaseFile);
            if (read != null && !read[0].equals(current[0])) {
                current[0] = read[0];
                starts.put(Long.parseLong(read[1]), read[0]);
            }
            if (current[0].equals("wait")) {
                // Started before the gateway answers: the schedule begins with the first phase.
                start[0] = now;
                return;
            }
            while (start[0] + (long) (next[0] * interval) <= now) {
                long due = start[0] + (long) (next[0] * interval);
                var at = starts.floorEntry(wall0 + (due - nano0) / 1_000_000L);
                String name = at == null ? current[0] : at.getValue();
                if (name.equals("end")) {
                    vertx.cancelTimer(id);
                    stopped.countDown();
                    return;
                }
                Phase ph = phases.computeIfAbsent(name, n -> new Phase());
                int kind = (int) (next[0] % KINDS.length);
                RequestOptions o = opts[(int) ((next[0] / KINDS.length) % bases.length)][kind];
                next[0]++;
                ph.sent.incrementAndGet();
                inFlight.incrementAndGet();
                boolean stream = KINDS[kind].endsWith("stream");
                client.request(o).compose(r -> r.send(bodies[kind])).compose(r -> r.body().map(b -> {
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("status " + r.statusCode() + " " + b.toString().substring(0, Math.min(160, b.length())));
                    }
                    String s = b.toString();
                    if (stream && !s.contains("[DONE]") && !s.contains("message_stop")) {
                        throw new IllegalStateException("stream without its end marker (" + b.length() + " bytes)");
                    }
                    return s;
                })).onComplete(ar -> {
                    if (ar.succeeded()) {
                        ph.ok.incrementAndGet();
                        ph.kindOk[kind].incrementAndGet();
                        ph.lat.add(System.nanoTime() - due);
                    } else {
                        ph.errors.incrementAndGet();
                        ph.kindErr[kind].incrementAndGet();
                        ph.reason(KINDS[kind] + ": " + ar.cause().getMessage());
                    }
                    inFlight.decrementAndGet();
                });
            }
        });
        stopped.await();
        long waitUntil = System.nanoTime() + 60_000_000_000L;
        while (inFlight.get() > 0 && System.nanoTime() < waitUntil) {
            Thread.sleep(50);
        }
        for (var e : phases.entrySet()) {
            Phase ph = e.getValue();
            // A request still unanswered after the wait is an error of its phase.
            long unanswered = ph.sent.get() - ph.ok.get() - ph.errors.get();
            System.out.println("PHASE " + e.getKey() + " " + ph.sent.get() + " " + ph.ok.get() + " " + (ph.errors.get() + unanswered)
                    + ph.lat.ms(0.5, 0.9, 0.99, 1.0));
            StringBuilder k = new StringBuilder("KINDS " + e.getKey());
            for (int i = 0; i < KINDS.length; i++) {
                k.append(' ').append(KINDS[i]).append('=').append(ph.kindOk[i].get()).append('/').append(ph.kindErr[i].get());
            }
            System.out.println(k);
            for (String r : ph.reasons) {
                System.out.println("REASON " + e.getKey() + " " + r.replace('\n', ' '));
            }
        }
        System.out.flush();
        vertx.close().await();
    }

    /** The phase file's "NAME EPOCH_MS", or null while it is missing or not whole. */
    private static String[] readPhase(Path f) {
        try {
            String[] w = Files.readString(f).trim().split("\\s+");
            return w.length == 2 && w[1].matches("\\d+") ? w : null;
        } catch (IOException e) {
            return null;
        }
    }

    // --- stream ---------------------------------------------------------------------------------

    private static void stream(URI uri, int conc, int warmupS, int seconds) throws Exception {
        Vertx vertx = Vertx.vertx();
        HttpClient client = client(vertx, conc);
        RequestOptions opts = post(uri);
        if (warmupS > 0) {
            runStreams(client, opts, conc, warmupS, new Sample(), new Sample(), new AtomicLong(), new AtomicLong(), new AtomicLong());
        }
        Sample ttfc = new Sample(), total = new Sample();
        AtomicLong streams = new AtomicLong(), errors = new AtomicLong(), chunks = new AtomicLong();
        runStreams(client, opts, conc, seconds, ttfc, total, streams, errors, chunks);
        System.out.printf("RESULT %d %d %.1f%s%s %.0f%n", streams.get(), errors.get(), streams.get() / (double) seconds,
                ttfc.ms(0.5, 0.99), total.ms(0.5), chunks.get() / (double) seconds);
        vertx.close().await();
    }

    private static void runStreams(HttpClient client, RequestOptions opts, int conc, int seconds, Sample ttfc, Sample total,
                                   AtomicLong streams, AtomicLong errors, AtomicLong chunks) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        CountDownLatch done = new CountDownLatch(conc);
        for (int i = 0; i < conc; i++) {
            loop(client, opts, end, ttfc, total, streams, errors, chunks, done);
        }
        done.await(seconds + 60L, TimeUnit.SECONDS);
    }

    private static void loop(HttpClient client, RequestOptions opts, long end, Sample ttfc, Sample total,
                             AtomicLong streams, AtomicLong errors, AtomicLong chunks, CountDownLatch done) {
        if (System.nanoTime() >= end) {
            done.countDown();
            return;
        }
        long t0 = System.nanoTime();
        long[] first = {0};
        long[] frames = {0};
        client.request(opts).compose(r -> r.send(BODY)).compose(r -> {
            if (r.statusCode() != 200) {
                return r.body().flatMap(b -> Future.failedFuture("status " + r.statusCode() + ": "
                        + b.toString().substring(0, Math.min(200, b.length()))));
            }
            r.handler(buf -> {
                if (first[0] == 0) {
                    first[0] = System.nanoTime();
                }
                frames[0] += count(buf, "data:");
            });
            return r.end();
        }).onComplete(ar -> {
            if (ar.succeeded() && first[0] != 0) {
                streams.incrementAndGet();
                chunks.addAndGet(frames[0]);
                ttfc.add(first[0] - t0);
                total.add(System.nanoTime() - t0);
            } else if (errors.incrementAndGet() == 1) {
                System.err.println("stream: first error: " + (ar.failed() ? ar.cause().getMessage() : "no chunk"));
            }
            loop(client, opts, end, ttfc, total, streams, errors, chunks, done);
        });
    }

    private static int count(Buffer buf, String needle) {
        String s = buf.toString();
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    // --- hold -----------------------------------------------------------------------------------

    private static void hold(URI url, int n, int openPerSecond, int holdS, long pid) throws Exception {
        Vertx vertx = Vertx.vertx();
        HttpClient client = client(vertx, n);
        RequestOptions opts = post(url);
        List<Buffer> bodies = new ArrayList<>();
        for (String m : System.getenv().getOrDefault("BENCH_HOLD_MODELS", "bench/slow-0").split(",")) {
            bodies.add(Buffer.buffer("{\"model\":\"" + m + "\",\"stream\":true,\"max_tokens\":200,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Take your time.\"}]}"));
        }
        Sample ttfc = new Sample();
        AtomicInteger opened = new AtomicInteger(), errors = new AtomicInteger(), settled = new AtomicInteger();
        java.util.Map<String, AtomicInteger> why = new java.util.concurrent.ConcurrentHashMap<>();
        List<HttpClientResponse> open = new ArrayList<>();
        CountDownLatch allSettled = new CountDownLatch(n);
        long t0 = System.nanoTime();
        double interval = 1e9 / openPerSecond;
        int[] next = {0};
        vertx.setPeriodic(1, id -> {
            long now = System.nanoTime();
            while (next[0] < n && t0 + (long) (next[0] * interval) <= now) {
                Buffer body = bodies.get(next[0] % bodies.size());
                next[0]++;
                opened.incrementAndGet();
                long start = System.nanoTime();
                boolean[] seen = {false};
                client.request(opts).compose(r -> r.send(body)).onComplete(ar -> {
                    if (ar.failed() || ar.result().statusCode() != 200) {
                        errors.incrementAndGet();
                        why.computeIfAbsent(ar.failed() ? String.valueOf(ar.cause()) : "HTTP " + ar.result().statusCode(),
                                k -> new AtomicInteger()).incrementAndGet();
                        settled.incrementAndGet();
                        allSettled.countDown();
                        return;
                    }
                    HttpClientResponse r = ar.result();
                    synchronized (open) {
                        open.add(r);
                    }
                    r.handler(buf -> {
                        if (!seen[0]) {
                            seen[0] = true;
                            ttfc.add(System.nanoTime() - start);
                            allSettled.countDown();
                        }
                    });
                    r.exceptionHandler(e -> {
                        why.computeIfAbsent("stream broke: " + e, k -> new AtomicInteger()).incrementAndGet();
                        if (!seen[0]) {
                            seen[0] = true;
                            allSettled.countDown();
                        }
                        errors.incrementAndGet();
                    });
                    r.endHandler(v -> {
                        if (!seen[0]) {
                            seen[0] = true;
                            allSettled.countDown();
                        }
                    });
                });
            }
            if (next[0] >= n) {
                vertx.cancelTimer(id);
            }
        });
        boolean all = allSettled.await(n / Math.max(1, openPerSecond) + 120L, TimeUnit.SECONDS);
        Thread.sleep(Math.max(1, holdS / 2) * 1000L);
        String rss = procField(pid, "VmRSS:"), threads = procField(pid, "Threads:");
        long heap = heapUsedKib(pid);
        Thread.sleep(Math.max(1, holdS - holdS / 2) * 1000L);
        int stillOpen;
        synchronized (open) {
            stillOpen = open.size();
        }
        System.err.println("hold: " + opened.get() + " opened, " + ttfc.size() + " first chunks, " + stillOpen
                + " open at the end, all settled: " + all + "; errors by reason: " + why);
        // An error: a refused or failed call, a stream that broke, or one that never sent a chunk.
        System.out.println("RESULT " + opened.get() + " " + ttfc.size() + " " + Math.max(errors.get(), n - ttfc.size())
                + ttfc.ms(0.5, 0.99, 1.0) + " " + rss + " " + threads + " " + heap);
        client.close();
    }

    private static String procField(long pid, String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field)) {
                return line.substring(field.length()).trim().split("\\s+")[0];
            }
        }
        return "0";
    }

    /**
     * Heap in use in KiB, from {@code jcmd PID GC.heap_info}: the sum of the "used" of the heap
     * lines (G1: one "garbage-first heap" line; Serial: its generations), metaspace not counted;
     * -1 when jcmd fails or prints no such line.
     */
    private static long heapUsedKib(long pid) {
        try {
            String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            Process p = new ProcessBuilder(jcmd, Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(30, TimeUnit.SECONDS);
            long sum = 0;
            boolean found = false;
            for (String line : out.split("\n")) {
                // "garbage-first heap   total reserved NK, committed NK, used NK" (G1, JDK 25), "DefNew  total NK,
                // used NK" and "Tenured ..." (Serial; "def new generation" before): the lines with a total; metaspace has none.
                var m = java.util.regex.Pattern.compile("\\s+total (?:reserved \\d+K, committed )?\\d+K, used (\\d+)K").matcher(line);
                if (m.find()) {
                    sum += Long.parseLong(m.group(1));
                    found = true;
                }
            }
            return found ? sum : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    // --- slow upstream --------------------------------------------------------------------------

    private static void slowUpstream(Path portFile, int count, long chunkDelayMs, int chunks) throws Exception {
        Vertx vertx = Vertx.vertx();
        StringBuilder ports = new StringBuilder();
        String chunk = "data: {\"id\":\"slow\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"slow-1\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tick \"},\"finish_reason\":null}]}\n\n";
        String last = "data: {\"id\":\"slow\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"slow-1\","
                + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":" + chunks + ",\"total_tokens\":" + (chunks + 5) + "}}\n\ndata: [DONE]\n\n";
        for (int i = 0; i < count; i++) {
            var server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0).setTcpNoDelay(true)
                            .setAcceptBacklog(4096))
                    .requestHandler(req -> req.body().onSuccess(b -> {
                        if (req.path().startsWith("/down/")) {
                            req.response().setStatusCode(503).putHeader("Content-Type", "application/json")
                                    .end("{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}");
                            return;
                        }
                        if (req.path().startsWith("/hang/")) {
                            return;
                        }
                        var resp = req.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
                        resp.write(chunk);
                        int[] sent = {1};
                        long timer = vertx.setPeriodic(chunkDelayMs, id -> {
                            if (resp.closed() || resp.ended()) {
                                vertx.cancelTimer(id);
                            } else if (sent[0]++ >= chunks) {
                                vertx.cancelTimer(id);
                                resp.end(last);
                            } else {
                                resp.write(chunk);
                            }
                        });
                        resp.closeHandler(v -> vertx.cancelTimer(timer));
                    }))
                    .listen().toCompletionStage().toCompletableFuture().get();
            ports.append(server.actualPort()).append('\n');
        }
        Files.writeString(portFile, ports.toString());
        Thread.sleep(3_600_000L);
    }
}
