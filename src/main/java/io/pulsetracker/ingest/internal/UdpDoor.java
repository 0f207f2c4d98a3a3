package io.pulsetracker.ingest.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.udp.UdpInbound;
import reactor.netty.udp.UdpOutbound;
import reactor.netty.udp.UdpServer;

/**
 * The UDP door: one JSON fix or packet per datagram, its key inside ({@code key}, or the packet's
 * {@code clientId}). A datagram that asks ({@code "ack":true}) gets one datagram back, after the fix is in
 * Redis or with the error; others get nothing. A reply is never more than {@value #AMPLIFICATION} times
 * the size of the datagram it answers, so a forged sender address cannot make the door an amplifier.
 * Resent datagrams carrying the same timestamp are stored once, like any duplicate fix.
 */
final class UdpDoor {

    private static final Logger log = LoggerFactory.getLogger(UdpDoor.class);
    static final int AMPLIFICATION = 3;
    /** Datagrams handled at once; Redis round trips overlap, the order between datagrams is not kept. */
    private static final int CONCURRENCY = 1024;
    /**
     * Kernel buffer for datagrams not read yet: bursts from many devices are dropped by the kernel beyond it.
     * Linux grants at most {@code net.core.rmem_max}.
     */
    private static final int RECEIVE_BUFFER = 4 * 1024 * 1024;

    private final DeviceMessages messages;

    UdpDoor(DeviceMessages messages) {
        this.messages = messages;
    }

    /** Binds the port, blocking until it is bound. */
    Connection bind(String host, int port) {
        int maxDatagram = (int) messages.properties().maxDatagramSize().toBytes();
        Connection server = UdpServer.create()
                .host(host)
                .port(port)
                // one byte more than allowed, to see that a datagram was too large rather than cut it silently
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(maxDatagram + 1))
                .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER)
                .handle((inbound, outbound) -> serve(inbound, outbound, maxDatagram))
                .bindNow();
        log.info("UDP door listening on {} (one JSON fix per datagram)", server.address());
        return server;
    }

    private Publisher<Void> serve(UdpInbound inbound, UdpOutbound outbound, int maxDatagram) {
        return inbound.receiveObject()
                .ofType(DatagramPacket.class)
                .map(packet -> Datagram.copy(packet, maxDatagram))
                .flatMap(datagram -> answer(datagram).flatMap(reply -> send(outbound, datagram, reply)), CONCURRENCY)
                .then();
    }

    private Mono<Reply> answer(Datagram datagram) {
        String address = datagram.sender().getAddress().getHostAddress();
        DeviceSession session = messages.open(Door.UDP, "udp " + datagram.sender(), address);
        return session.answer(datagram.frame());
    }

    private static Mono<Void> send(UdpOutbound outbound, Datagram datagram, Reply reply) {
        byte[] bytes = reply.json().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > AMPLIFICATION * datagram.size()) {
            log.debug(
                    "udp reply to {} left out: {} bytes for a {} byte datagram",
                    datagram.sender(),
                    bytes.length,
                    datagram.size());
            return Mono.empty();
        }
        DatagramPacket packet = new DatagramPacket(Unpooled.wrappedBuffer(bytes), datagram.sender());
        return outbound.sendObject(packet).then().onErrorResume(failure -> {
            log.debug("udp reply to {} failed: {}", datagram.sender(), failure.toString());
            return Mono.empty();
        });
    }

    /** A datagram read out of its buffer, which Reactor Netty releases as soon as {@link #copy} returns. */
    private record Datagram(InetSocketAddress sender, Frame frame, int size) {

        static Datagram copy(DatagramPacket packet, int maxDatagram) {
            ByteBuf content = packet.content();
            int size = content.readableBytes();
            if (size > maxDatagram) {
                return new Datagram(packet.sender(), Frame.tooLong(Door.UDP, maxDatagram), size);
            }
            byte[] bytes = new byte[size];
            content.readBytes(bytes);
            return new Datagram(packet.sender(), Frame.of(ByteBuffer.wrap(bytes), Door.UDP), size);
        }
    }
}
