package io.healthgate.providers.sse;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An incremental parser for {@code text/event-stream} following the WHATWG rules: feed it chunks
 * split anywhere (inside a line, between {@code \r} and {@code \n}, inside a UTF-8 character) and
 * it returns each event as soon as its terminating blank line has arrived, never later.
 *
 * <p>Rules: lines end with CRLF, LF or CR; a line starting with {@code :} is a comment; a field
 * is {@code name:value} with one optional space after the colon removed; {@code data} lines are
 * joined with {@code \n}; a blank line dispatches the event, but only if it had a data field
 * (a lone {@code event:} line is dropped, as browsers do); unknown fields are ignored; a byte
 * order mark at the very start is skipped. Not thread-safe: one parser per stream.
 */
public final class SseParser {

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private ByteBuffer pendingBytes = ByteBuffer.allocate(0);

    private final StringBuilder line = new StringBuilder();
    private boolean lastWasCr;
    private boolean started;

    private String eventType = "";
    private final StringBuilder data = new StringBuilder();
    private boolean sawData;
    private boolean sawAnyField;
    private String id = "";

    /** Feeds raw bytes (UTF-8); a character split across calls is decoded once complete. */
    public List<SseEvent> feed(byte[] bytes) {
        return feed(ByteBuffer.wrap(bytes));
    }

    /** Feeds raw bytes (UTF-8) from a buffer, consuming it. */
    public List<SseEvent> feed(ByteBuffer bytes) {
        ByteBuffer in;
        if (pendingBytes.hasRemaining()) {
            in = ByteBuffer.allocate(pendingBytes.remaining() + bytes.remaining());
            in.put(pendingBytes).put(bytes).flip();
        } else {
            in = bytes;
        }
        CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
        decoder.decode(in, out, false);
        out.flip();
        pendingBytes = in.hasRemaining() ? copyOf(in) : ByteBuffer.allocate(0);
        return feed(out);
    }

    /** Feeds already-decoded text. */
    public List<SseEvent> feed(CharSequence text) {
        List<SseEvent> events = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!started) {
                started = true;
                if (c == '\uFEFF') {
                    continue;
                }
            }
            if (c == '\n' && lastWasCr) {
                lastWasCr = false; // the LF of a CRLF already ended the line at the CR
                continue;
            }
            lastWasCr = c == '\r';
            if (c == '\r' || c == '\n') {
                endLine(events);
            } else {
                line.append(c);
            }
        }
        return events;
    }

    /**
     * True when the stream so far ended inside an event: some field lines arrived but not the
     * blank line that completes them. At end of stream such an event is discarded (a cut stream).
     */
    public boolean hasPartialEvent() {
        return sawAnyField || !line.isEmpty() || pendingBytes.hasRemaining();
    }

    private void endLine(List<SseEvent> events) {
        String l = line.toString();
        line.setLength(0);
        if (l.isEmpty()) {
            dispatch(events);
            return;
        }
        if (l.charAt(0) == ':') {
            return; // comment, e.g. ": OPENROUTER PROCESSING" keep-alives
        }
        int colon = l.indexOf(':');
        String field = colon < 0 ? l : l.substring(0, colon);
        String value = colon < 0 ? "" : l.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        sawAnyField = true;
        switch (field) {
            case "event" -> eventType = value;
            case "data" -> {
                if (sawData) {
                    data.append('\n');
                }
                data.append(value);
                sawData = true;
            }
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    id = value;
                }
            }
            default -> { } // "retry" and unknown fields do not change the events we emit
        }
    }

    private void dispatch(List<SseEvent> events) {
        if (sawData) {
            events.add(new SseEvent(eventType, data.toString(), id));
        }
        eventType = "";
        data.setLength(0);
        sawData = false;
        sawAnyField = false;
        id = ""; // per event, unlike a browser's sticky last-event-id: relays re-frame each event as received
    }

    private static ByteBuffer copyOf(ByteBuffer b) {
        ByteBuffer copy = ByteBuffer.allocate(b.remaining());
        copy.put(b).flip();
        return copy;
    }
}
