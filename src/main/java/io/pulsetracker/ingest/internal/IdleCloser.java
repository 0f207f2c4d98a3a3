package io.pulsetracker.ingest.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a TCP connection that has sent no complete line for the idle timeout, with a last reply saying
 * so. It sits after the {@link LineFramer}, so it sees lines, not bytes: a client trickling one byte at a
 * time without ever finishing a line is idle too. One instance per channel.
 */
final class IdleCloser extends IdleStateHandler {

    private static final Logger log = LoggerFactory.getLogger(IdleCloser.class);
    private static final Duration GOODBYE_GRACE = Duration.ofSeconds(1);

    private final Duration timeout;
    private final Runnable onIdle;

    IdleCloser(Duration timeout, Runnable onIdle) {
        super(timeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS);
        this.timeout = timeout;
        this.onIdle = onIdle;
    }

    @Override
    protected void channelIdle(ChannelHandlerContext context, IdleStateEvent event) {
        if (!context.channel().isActive()) {
            return;
        }
        log.debug("tcp connection {} sent no complete line for {}: closing", context.channel(), timeout);
        onIdle.run();
        String reply = DeviceJson.reply(false)
                        .put("error", "no complete line for " + timeout.toMillis() + " ms")
                        .put("close", "idle timeout")
                + "\n";
        context.writeAndFlush(Unpooled.copiedBuffer(reply, StandardCharsets.UTF_8))
                .addListener(ChannelFutureListener.CLOSE);
        // A device that never reads its replies leaves this write pending for ever: close it anyway.
        context.executor().schedule(() -> context.close(), GOODBYE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }
}
