package io.pulsetracker.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineFramerTests {

    private final EmbeddedChannel channel = new EmbeddedChannel(new LineFramer(16));

    @Test
    void emitsEachLineOfASegmentAndHoldsAPartLineForTheNext() {
        write("{\"a\":1}\n{\"b\":2}\n{\"c\"");
        write(":3}\r\n");

        assertThat(frames()).containsExactly("{\"a\":1}", "{\"b\":2}", "{\"c\":3}");
    }

    @Test
    void decodesACharacterSplitBetweenSegmentsOnlyOnceTheLineIsWhole() {
        byte[] line = "\"Łódź\"\n".getBytes(StandardCharsets.UTF_8);
        channel.writeInbound(Unpooled.wrappedBuffer(line, 0, 2));
        assertThat(frames()).isEmpty();

        channel.writeInbound(Unpooled.wrappedBuffer(line, 2, line.length - 2));
        assertThat(frames()).containsExactly("\"Łódź\"");
    }

    @Test
    void reportsALineOverTheLimitOnceAndSkipsItUpToItsEnd() {
        write("x".repeat(20));
        write("y".repeat(20));
        write("z\n{\"ok\":1}\n");

        assertThat(frames()).containsExactly("the line is longer than 16 bytes and was dropped", "{\"ok\":1}");
    }

    @Test
    void takesALastLineWithoutLineEndWhenTheDeviceShutsItsSide() {
        write("{\"a\":1}\n{\"b\":2}");
        channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);

        List<Object> out = drain();
        assertThat(out).hasSize(3).last().isSameAs(LineFramer.END_OF_INPUT);
        assertThat(text(out.get(1))).isEqualTo("{\"b\":2}");
    }

    private void write(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    private List<String> frames() {
        return drain().stream().map(LineFramerTests::text).toList();
    }

    private List<Object> drain() {
        List<Object> out = new ArrayList<>();
        for (Object next = channel.readInbound(); next != null; next = channel.readInbound()) {
            out.add(next);
        }
        return out;
    }

    private static String text(Object frame) {
        if (frame instanceof Frame.Unreadable unreadable) {
            return unreadable.problem();
        }
        ByteBuf line = (ByteBuf) frame;
        String text = line.toString(StandardCharsets.UTF_8).replace("\r", "");
        line.release();
        return text;
    }
}
