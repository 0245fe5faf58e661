package io.healthgate.bench;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load generator on the JDK {@link HttpClient} (HTTP/1.1, kept-alive connections):
 * {@code concurrency} threads each send one chat request after another until the deadline, first
 * for a warm-up whose figures are dropped, then for the measured window. {@code bench/load.sh}
 * uses it for streams (wrk cannot see when the first chunk arrives) and for everything when wrk
 * is not installed.
 *
 * <pre>
 * java -cp target/healthgate.jar:target/test-classes io.healthgate.bench.LoadProbe \
 *      URL BEARER_KEY MODEL stream|plain CONCURRENCY WARMUP_S DURATION_S [MAX_TOKENS [SERVER_PID]]
 * </pre>
 *
 * Prints one line {@code RESULT requests errors req_per_s p50_ms p99_ms ttfc_p50_ms ttfc_p99_ms
 * frames_per_stream server_cpu_ticks}: latency is to the end of the answer; ttfc (streams only,
 * else 0) is to the first {@code data:} frame; the ticks are the user + system CPU the server
 * process (Linux, {@code /proc/PID/stat}) spent in the measured window, -1 without a pid. Errors are non-200 answers and failed calls; their latency is not
 * counted. Every loop is bounded by the deadline.
 */
public final class LoadProbe {
    private LoadProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 7) {
            System.err.println("usage: LoadProbe URL BEARER_KEY MODEL stream|plain CONCURRENCY WARMUP_S DURATION_S [MAX_TOKENS]");
            System.exit(2);
        }
        URI uri = URI.create(args[0]);
        boolean stream = args[3].equals("stream");
        int concurrency = Integer.parseInt(args[4]);
        int maxTokens = args.length > 7 ? Integer.parseInt(args[7]) : 20;
        long serverPid = args.length > 8 ? Long.parseLong(args[8]) : -1;
        String body = "{\"model\":\"" + args[2] + "\",\"stream\":" + stream + ",\"max_tokens\":" + maxTokens
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello to the benchmark.\"}]}";
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("authorization", "Bearer " + args[1]).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build()) {
            run(client, request, stream, concurrency, Duration.ofSeconds(Long.parseLong(args[5])), false);
            long ticks = cpuTicks(serverPid);
            Window w = run(client, request, stream, concurrency, Duration.ofSeconds(Long.parseLong(args[6])), true);
            long used = serverPid < 0 ? -1 : cpuTicks(serverPid) - ticks;
            System.out.println(w.summary() + " " + used);
        }
    }

    /** utime + stime of a process, in clock ticks; fields 14 and 15 of /proc/PID/stat (after the parenthesised name). */
    static long cpuTicks(long pid) throws java.io.IOException {
        if (pid < 0) {
            return 0;
        }
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static Window run(HttpClient client, HttpRequest request, boolean stream, int concurrency,
                              Duration length, boolean keep) throws InterruptedException {
        Window w = new Window(concurrency);
        long start = System.nanoTime();
        long deadline = start + length.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            Sample s = w.samples[t];
            threads.add(Thread.ofPlatform().name("load-" + t).start(() -> {
                while (System.nanoTime() < deadline) {
                    call(client, request, stream, s, w.errors);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        w.elapsedNanos = System.nanoTime() - start;
        return keep ? w : null;
    }

    private static void call(HttpClient client, HttpRequest request, boolean stream, Sample s, AtomicLong errors) {
        long t0 = System.nanoTime();
        try {
            HttpResponse<InputStream> r = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            long firstFrame = 0;
            int frames = 0;
            try (InputStream in = r.body()) {
                if (stream) {
                    BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (line.startsWith("data:")) {
                            if (frames++ == 0) {
                                firstFrame = System.nanoTime() - t0;
                            }
                        }
                    }
                } else {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
            }
            if (r.statusCode() != 200) {
                errors.incrementAndGet();
                return;
            }
            s.add(System.nanoTime() - t0, firstFrame, frames);
        } catch (java.io.IOException e) {
            errors.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            errors.incrementAndGet();
        }
    }

    /** One thread's figures; only that thread writes them, read after join. */
    private static final class Sample {
        long[] latency = new long[1024];
        long[] ttfc = new long[1024];
        int n;
        long frames;

        void add(long latencyNanos, long ttfcNanos, int frameCount) {
            if (n == latency.length) {
                latency = Arrays.copyOf(latency, n * 2);
                ttfc = Arrays.copyOf(ttfc, n * 2);
            }
            latency[n] = latencyNanos;
            ttfc[n] = ttfcNanos;
            n++;
            frames += frameCount;
        }
    }

    private static final class Window {
        final Sample[] samples;
        final AtomicLong errors = new AtomicLong();
        long elapsedNanos;

        Window(int concurrency) {
            samples = new Sample[concurrency];
            for (int i = 0; i < concurrency; i++) {
                samples[i] = new Sample();
            }
        }

        String summary() {
            int total = Arrays.stream(samples).mapToInt(s -> s.n).sum();
            long[] lat = new long[total];
            long[] first = new long[total];
            long frames = 0;
            int at = 0;
            for (Sample s : samples) {
                System.arraycopy(s.latency, 0, lat, at, s.n);
                System.arraycopy(s.ttfc, 0, first, at, s.n);
                at += s.n;
                frames += s.frames;
            }
            Arrays.sort(lat);
            Arrays.sort(first);
            double seconds = elapsedNanos / 1e9;
            return String.format(java.util.Locale.ROOT, "RESULT %d %d %.1f %.3f %.3f %.3f %.3f %.1f",
                    total, errors.get(), total / seconds, ms(lat, 0.50), ms(lat, 0.99), ms(first, 0.50), ms(first, 0.99),
                    total == 0 ? 0.0 : (double) frames / total);
        }

        private static double ms(long[] sorted, double q) {
            if (sorted.length == 0) {
                return 0;
            }
            int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
            return sorted[Math.max(0, i)] / 1e6;
        }
    }
}
