package io.pulsetracker.ingest.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts a TCP byte stream into lines ending in {@code \n} (a {@code \r} before it is removed later, with
 * the text). Emits each complete line as a {@link ByteBuf} (so that UTF-8 is decoded on whole lines only,
 * never on a character split across segments), and a {@link Frame.Unreadable} as soon as a line grows past
 * the limit; the rest of that line is then skipped up to its end, holding no memory. When the device
 * shuts its side, a last line without {@code \n} is taken as well and {@link #END_OF_INPUT} follows. One
 * instance per channel.
 */
final class LineFramer extends ByteToMessageDecoder {

    /** Passed on once the device has shut its side of the connection: no line follows. */
    static final Object END_OF_INPUT = new Object();

    private final int maxLength;
    private boolean skipping;

    LineFramer(int maxLength) {
        this.maxLength = maxLength;
    }

    @Override
    protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int end = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
            if (end < 0) {
                holdPartLine(in, out);
                return;
            }
            int length = end - in.readerIndex();
            if (skipping || length > maxLength) {
                if (!skipping) {
                    out.add(Frame.tooLong(Door.TCP, maxLength));
                }
                skipping = false;
                in.skipBytes(length + 1);
                continue;
            }
            out.add(in.readRetainedSlice(length));
            in.skipBytes(1);
        }
    }

    /** At the end of the input, the last line may lack its {@code \n}. */
    @Override
    protected void decodeLast(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
        decode(context, in, out);
        if (in.isReadable() && !skipping) {
            out.add(in.readRetainedSlice(in.readableBytes()));
        }
        in.skipBytes(in.readableBytes());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
        super.userEventTriggered(context, event);
        if (event instanceof ChannelInputShutdownEvent) {
            context.fireChannelRead(END_OF_INPUT);
        }
    }

    /** Keeps an incomplete line for the next segment, unless it is already too long. */
    private void holdPartLine(ByteBuf in, List<Object> out) {
        if (skipping) {
            in.skipBytes(in.readableBytes());
        } else if (in.readableBytes() > maxLength) {
            out.add(Frame.tooLong(Door.TCP, maxLength));
            skipping = true;
            in.skipBytes(in.readableBytes());
        }
    }
}
