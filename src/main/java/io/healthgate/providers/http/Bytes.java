package io.healthgate.providers.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * Bodies between {@code byte[]} and Vert.x {@link Buffer} without copying where that is safe.
 * {@code Buffer.buffer(byte[])} and {@link Buffer#getBytes()} each copy the whole body (Vert.x 5);
 * a relayed body went through four such copies per answer and three per request.
 */
public final class Bytes {
    private Bytes() {
    }

    /**
     * A buffer over these bytes, not a copy. Only for bytes nobody changes afterwards (a shaped
     * request body, an answer about to be written); the buffer cannot grow past them.
     */
    public static Buffer wrap(byte[] bytes) {
        return BufferInternal.buffer(Unpooled.wrappedBuffer(bytes));
    }

    /**
     * The buffer's bytes: its own array when the buffer is exactly that array (the usual case for
     * a one-chunk answer, which Vert.x hands over as a fresh heap copy), else a copy. Only for a
     * buffer nobody writes to afterwards, and the array must only be read.
     */
    public static byte[] readOnly(Buffer buffer) {
        if (buffer instanceof BufferInternal b) {
            ByteBuf bb = b.getByteBuf(); // a slice over the same memory, not a copy
            if (bb.hasArray() && bb.arrayOffset() == 0 && bb.readableBytes() == bb.array().length) {
                return bb.array();
            }
        }
        return buffer.getBytes();
    }
}
