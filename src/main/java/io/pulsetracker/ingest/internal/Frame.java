package io.pulsetracker.ingest.internal;

import java.nio.ByteBuffer;

/** One complete unit of device input: a line, a datagram or a WebSocket message. */
sealed interface Frame {

    /** Text that was valid UTF-8, without its line end. */
    record Text(String text) implements Frame {}

    /** Input that cannot be read at all; {@code problem} says why, for the device. */
    record Unreadable(String problem) implements Frame {}

    /** The frame for complete bytes: their text, or why they are not text. */
    static Frame of(ByteBuffer bytes, Door door) {
        String text = DeviceJson.utf8(bytes);
        if (text == null) {
            return new Unreadable("the " + door.frame() + " is not valid UTF-8 text: send JSON");
        }
        return new Text(text);
    }

    /** A frame that exceeded {@code limit} bytes and was dropped unread. */
    static Frame tooLong(Door door, long limit) {
        return new Unreadable("the " + door.frame() + " is longer than " + limit + " bytes and was dropped");
    }
}
