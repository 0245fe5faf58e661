import io.healthgate.support.TcpRelay;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The test suite's {@link TcpRelay} as a process for bench/faults, switched by a mode file the
 * script writes (polled every 20 ms), so a fault is put between the gateway and PostgreSQL or
 * Redis without touching the shared server. Compiled against the test classes.
 *
 * <pre>
 * FaultRelay PORT_FILE TARGET_HOST TARGET_PORT MODE_FILE
 * </pre>
 * Writes its port to PORT_FILE. Modes (the file's first word): {@code pass} (bytes go both ways),
 * {@code refuse} (the port is closed, connect is refused, every relayed connection is closed:
 * {@link TcpRelay#cut()}), {@code stall} (connections are accepted and kept, no byte moves:
 * {@link TcpRelay#stall()}). Every switch is logged with its time on stderr. Runs until killed.
 */
public final class FaultRelay {
    private FaultRelay() {
    }

    public static void main(String[] args) throws Exception {
        TcpRelay relay = new TcpRelay(args[1], Integer.parseInt(args[2]));
        Path modeFile = Path.of(args[3]);
        Files.writeString(Path.of(args[0]), relay.port() + "\n");
        String mode = "pass", lastRead = "pass";
        while (true) {
            String want = Files.exists(modeFile) ? Files.readString(modeFile, StandardCharsets.UTF_8).trim() : lastRead;
            if (!want.isEmpty() && !want.equals(lastRead)) {
                lastRead = want;
                switch (want) {
                    case "pass" -> relay.restore();
                    case "refuse" -> relay.cut();
                    case "stall" -> relay.stall();
                    default -> {
                        System.err.println("relay: unknown mode '" + want + "' (pass, refuse, stall); staying " + mode);
                        continue;
                    }
                }
                System.err.printf("relay: %d %s -> %s%n", System.currentTimeMillis(), mode, want);
                mode = want;
            }
            Thread.sleep(20);
        }
    }
}
