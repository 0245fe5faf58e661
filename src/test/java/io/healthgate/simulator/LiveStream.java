package io.healthgate.simulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A raw HTTP/1.1 exchange over a plain socket, its answer read line by line as it arrives on a
 * daemon thread, so a test can watch a stream that stalls or is cut: the body lines so far
 * (chunk-size lines dropped; the simulator writes one frame per chunk), whether the connection
 * ended and whether the body was whole (the closing zero-length chunk arrived).
 * An HTTP client library would hide exactly what these tests look at.
 */
final class LiveStream implements AutoCloseable {
    final List<String> lines = new CopyOnWriteArrayList<>();
    volatile int status;
    private final Socket socket;
    private final CountDownLatch head = new CountDownLatch(1);
    private volatile boolean ended;
    private volatile boolean whole;

    private LiveStream(Socket socket) {
        this.socket = socket;
        Thread t = new Thread(this::read, "live-stream");
        t.setDaemon(true);
        t.start();
    }

    static LiveStream post(String url, String json, String... headers) {
        URI u = URI.create(url);
        try {
            Socket s = new Socket(u.getHost(), u.getPort());
            s.setSoTimeout(30_000);
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            StringBuilder req = new StringBuilder("POST " + u.getRawPath() + " HTTP/1.1\r\nHost: " + u.getHost() + ":" + u.getPort()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n");
            for (int i = 0; i < headers.length; i += 2) {
                req.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            OutputStream out = s.getOutputStream();
            out.write(req.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            LiveStream ls = new LiveStream(s);
            if (!ls.head.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no response head within 10 s");
            }
            return ls;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            String statusLine = r.readLine();
            status = statusLine == null ? 0 : Integer.parseInt(statusLine.split(" ")[1]);
            boolean chunked = false;
            String h;
            while ((h = r.readLine()) != null && !h.isEmpty()) {
                chunked |= h.toLowerCase(java.util.Locale.ROOT).startsWith("transfer-encoding: chunked");
            }
            head.countDown();
            String line;
            while ((line = r.readLine()) != null) {
                if (chunked && line.matches("[0-9a-fA-F]+")) {
                    if (line.equals("0")) {
                        whole = true;
                        break;
                    }
                    continue;
                }
                lines.add(line);
            }
            whole |= !chunked;
        } catch (IOException e) {
            // a reset connection is an end too
        } finally {
            head.countDown();
            ended = true;
        }
    }

    /** True once the connection is over, whether the body was whole or cut. */
    boolean ended() {
        return ended;
    }

    /** True when the body ended with its closing chunk (not a cut connection). */
    boolean whole() {
        return whole;
    }

    List<String> dataLines() {
        return lines.stream().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is all we wanted
        }
    }
}
