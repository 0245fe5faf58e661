package io.healthgate.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthgate.catalog.Protocol;
import io.healthgate.proxy.interim.SseEvent;

import java.util.List;

/**
 * Carries one request from the front door's protocol to a gateway's protocol and the answer back.
 * Between equal protocols it is the identity; between OpenAI and Anthropic it delegates to the
 * translation module in {@code providers}.
 */
interface Bridge {

    ObjectNode request(ObjectNode frontBody);

    ObjectNode response(ObjectNode upstreamBody);

    /** A fresh translator for one stream. */
    StreamBridge stream();

    /** Turns upstream SSE events into SSE frames for the client, as they arrive. */
    interface StreamBridge {
        List<String> frames(SseEvent upstreamEvent);

        /** Frames owed at a clean end (none for pass-through). */
        List<String> finish();
    }

    static Bridge between(FrontDoor front, Protocol upstream) {
        if (front.protocol() == upstream) {
            return PassThrough.INSTANCE;
        }
        throw new UnsupportedOperationException(front.protocol().wireName() + " -> " + upstream.wireName() + " translation not available yet");
    }

    /** Same protocol both ways: bodies untouched, events re-framed one for one. */
    enum PassThrough implements Bridge, StreamBridge {
        INSTANCE;

        @Override
        public ObjectNode request(ObjectNode frontBody) {
            return frontBody;
        }

        @Override
        public ObjectNode response(ObjectNode upstreamBody) {
            return upstreamBody;
        }

        @Override
        public StreamBridge stream() {
            return this;
        }

        @Override
        public List<String> frames(SseEvent e) {
            StringBuilder sb = new StringBuilder();
            if (!e.event().isEmpty()) {
                sb.append("event: ").append(e.event()).append('\n');
            }
            for (String line : e.data().split("\n", -1)) {
                sb.append("data: ").append(line).append('\n');
            }
            return List.of(sb.append('\n').toString());
        }

        @Override
        public List<String> finish() {
            return List.of();
        }
    }
}
