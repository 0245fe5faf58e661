package io.healthgate.proxy.interim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** TEMPORARY: see package-info. Splits an SSE byte stream into events, however it is chunked. */
public final class SseParser {
    private final StringBuilder pending = new StringBuilder();
    private byte[] carry = new byte[0];

    public List<SseEvent> feed(byte[] bytes) {
        byte[] all = new byte[carry.length + bytes.length];
        System.arraycopy(carry, 0, all, 0, carry.length);
        System.arraycopy(bytes, 0, all, carry.length, bytes.length);
        int cut = all.length;
        while (cut > 0 && (all[cut - 1] & 0xC0) == 0x80) {
            cut--; // never split a UTF-8 sequence
        }
        if (cut > 0 && (all[cut - 1] & 0x80) != 0) {
            int lead = all[cut - 1] & 0xFF;
            int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
            if (all.length - (cut - 1) < need) {
                cut--;
            } else {
                cut = all.length;
            }
        } else {
            cut = all.length;
        }
        pending.append(new String(all, 0, cut, StandardCharsets.UTF_8));
        carry = java.util.Arrays.copyOfRange(all, cut, all.length);
        List<SseEvent> out = new ArrayList<>();
        while (true) {
            String s = pending.toString().replace("\r\n", "\n");
            int end = s.indexOf("\n\n");
            if (end < 0) {
                pending.setLength(0);
                pending.append(s);
                return out;
            }
            String block = s.substring(0, end);
            pending.setLength(0);
            pending.append(s.substring(end + 2));
            String event = "";
            StringBuilder data = new StringBuilder();
            boolean any = false;
            for (String line : block.split("\n", -1)) {
                if (line.startsWith(":")) {
                    continue;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                if (field.equals("event")) {
                    event = value;
                    any = true;
                } else if (field.equals("data")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(value);
                    any = true;
                }
            }
            if (any) {
                out.add(new SseEvent(event, data.toString(), ""));
            }
        }
    }

    public boolean hasPartialEvent() {
        return !pending.toString().isBlank() || carry.length > 0;
    }
}
