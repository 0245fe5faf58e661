package io.healthgate.cli;

import io.healthgate.providers.Secrets;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * The command line's choke point for secrets: text is held until its line ends, then written
 * through {@link Secrets#mask}, so a key is never split across two writes that each look harmless.
 */
final class MaskedWriter extends Writer {
    private final PrintStream target;
    private final StringBuilder line = new StringBuilder();

    private MaskedWriter(PrintStream target) {
        this.target = target;
    }

    static PrintWriter over(PrintStream target) {
        return new PrintWriter(new MaskedWriter(target), true);
    }

    @Override
    public synchronized void write(char[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            line.append(buf[i]);
            if (buf[i] == '\n') {
                emit();
            }
        }
    }

    private void emit() {
        target.print(Secrets.mask(line.toString()));
        line.setLength(0);
    }

    @Override
    public synchronized void flush() {
        if (!line.isEmpty()) {
            emit();
        }
        target.flush();
    }

    @Override
    public void close() {
        flush();
    }
}
