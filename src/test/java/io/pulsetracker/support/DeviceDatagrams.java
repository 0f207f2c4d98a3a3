package io.pulsetracker.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/** A device on the UDP door, over a real socket: sends datagrams, reads reply datagrams. */
public final class DeviceDatagrams implements AutoCloseable {

    private final DatagramSocket socket;
    private final int port;

    public DeviceDatagrams(int port) {
        this.port = port;
        try {
            this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            socket.setSoTimeout(5_000);
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    public DeviceDatagrams send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    public DeviceDatagrams send(byte[] bytes) {
        try {
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
            return this;
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    /** The next reply datagram, parsed; null when none came within {@code millis}. */
    public JsonNode reply(int millis) {
        byte[] buffer = new byte[65_536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.setSoTimeout(millis);
            socket.receive(packet);
            return ApiClient.JSON.readTree(new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8));
        } catch (SocketTimeoutException none) {
            return null;
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    public JsonNode reply() {
        return reply(5_000);
    }

    @Override
    public void close() {
        socket.close();
    }
}
