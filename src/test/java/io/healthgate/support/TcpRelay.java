package io.healthgate.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on 127.0.0.1 that a test controls: everything sent to {@link #port()} goes to the
 * target and back. {@link #cut()} closes the listening socket and every relayed connection (as a
 * Redis outage looks to its clients) without touching the target; {@link #stall()} keeps every
 * connection open and accepts new ones but moves no byte either way (a hung server, a black-holed
 * network); {@link #restore()} passes bytes again, listening on the same port again after a cut.
 * Threads are daemons and end with their sockets. bench/java/FaultRelay.java runs one as a process.
 */
public final class TcpRelay implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private volatile ServerSocket server;
    private volatile boolean stalled;
    private volatile boolean cut;
    private int port;

    public TcpRelay(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        listen(0);
    }

    public int port() {
        return port;
    }

    /** Closes the port and every connection through it. */
    public synchronized void cut() {
        cut = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
        release();
    }

    /**
     * Holds every byte: connections stay open, new ones are accepted (and connected to the
     * target only once bytes pass again), nothing is forwarded until {@link #restore()}.
     */
    public synchronized void stall() {
        if (cut) {
            restore();
        }
        stalled = true;
    }

    /** Passes bytes again; after a cut, listens on the same port again. */
    public synchronized void restore() {
        if (cut) {
            listen(port);
            cut = false;
        }
        stalled = false;
        release();
    }

    @Override
    public void close() {
        cut();
    }

    private void release() {
        synchronized (gate) {
            gate.notifyAll();
        }
    }

    private void listen(int onPort) {
        try {
            ServerSocket ss = new ServerSocket();
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
            server = ss;
            port = ss.getLocalPort();
            Thread.ofPlatform().daemon().name("tcp-relay-accept").start(() -> accept(ss));
        } catch (IOException e) {
            throw new IllegalStateException("relay could not listen on 127.0.0.1:" + onPort + ": " + e.getMessage(), e);
        }
    }

    private void accept(ServerSocket ss) {
        while (!ss.isClosed()) {
            Socket client;
            try {
                client = ss.accept();
            } catch (IOException e) {
                return; // closed by cut()
            }
            open.add(client);
            Thread.ofPlatform().daemon().name("tcp-relay-connect").start(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        Socket upstream = null;
        try {
            awaitPassing(client);
            upstream = new Socket(targetHost, targetPort);
            open.add(upstream);
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            pump(client, upstream);
            pump(upstream, client);
        } catch (IOException | InterruptedException e) {
            closeQuietly(client);
            closeQuietly(upstream);
            open.remove(client);
        }
    }

    /** Waits while stalled; fails once the socket was closed (by a cut or its peer). */
    private void awaitPassing(Socket s) throws InterruptedException, IOException {
        synchronized (gate) {
            while (stalled && !s.isClosed()) {
                gate.wait(100);
            }
        }
        if (s.isClosed()) {
            throw new IOException("closed");
        }
    }

    private void pump(Socket from, Socket to) {
        Thread.ofPlatform().daemon().name("tcp-relay-pump").start(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    // Stalled: hold what was read; the sender's socket buffers fill up behind it.
                    awaitPassing(to);
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException ignored) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        });
    }

    private static void closeQuietly(Socket s) {
        if (s == null) {
            return;
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
