package io.pulsetracker.ingest.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards a connection to the WebSocket port from the moment it is accepted, before any HTTP is read: it
 * counts the connection in the per-address cap and in the connection gauge (closing it at once when the
 * address is over the cap), and closes it when it has not upgraded within the idle timeout, however many
 * bytes it trickles meanwhile. After the upgrade the door removes the deadline by removing this handler;
 * the cap and gauge count the connection until it closes. One instance per channel, on its event loop.
 */
final class WebSocketAdmission extends ChannelInboundHandlerAdapter {

    static final String NAME = "pulsetracker.admission";

    private static final Logger log = LoggerFactory.getLogger(WebSocketAdmission.class);

    private final AddressCap cap;
    private final DeviceMessages messages;
    private final Duration timeout;
    private ScheduledFuture<?> deadline;
    private boolean refused;

    WebSocketAdmission(AddressCap cap, DeviceMessages messages) {
        this.cap = cap;
        this.messages = messages;
        this.timeout = messages.properties().idleTimeout();
    }

    /** Added when the accepted connection is initialised, before any byte is read. */
    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        InetAddress address = ((InetSocketAddress) context.channel().remoteAddress()).getAddress();
        if (!cap.tryOpen(address)) {
            refused = true;
            messages.meters().closedBy(Door.WEBSOCKET, "address-cap");
            String problem = "more than " + cap.limit() + " open connections from " + address.getHostAddress();
            messages.badInput()
                    .warn(
                            Door.WEBSOCKET,
                            address.getHostAddress(),
                            context.channel().toString(),
                            "unknown",
                            problem);
            context.close();
            return;
        }
        messages.meters().opened(Door.WEBSOCKET);
        context.channel().closeFuture().addListener(closed -> {
            cap.close(address);
            messages.meters().closed(Door.WEBSOCKET);
        });
        deadline = context.executor().schedule(() -> expire(context), timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reads nothing from a refused connection; it is being closed. */
    @Override
    public void channelRead(ChannelHandlerContext context, Object message) throws Exception {
        if (refused) {
            ReferenceCountUtil.release(message);
            return;
        }
        super.channelRead(context, message);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    private void expire(ChannelHandlerContext context) {
        if (!context.channel().isActive()) {
            return;
        }
        log.debug("websocket connection {} did not upgrade within {}: closing", context.channel(), timeout);
        messages.meters().closedBy(Door.WEBSOCKET, "idle");
        context.close();
    }
}
