package org.hospay.channels.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class DownloadedLinesTest {

    /** The bytes as a download delivers them: buffers of {@code size} bytes, cut anywhere (inside a line, inside a character). */
    private static Flux<DataBuffer> chunks(byte[] bytes, int size) {
        List<DataBuffer> buffers = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += size) {
            int n = Math.min(size, bytes.length - i);
            DataBuffer b = DefaultDataBufferFactory.sharedInstance.allocateBuffer(n);
            b.write(bytes, i, n);
            buffers.add(b);
        }
        return Flux.fromIterable(buffers);
    }

    @Test
    void gzippedBytesCutAnywhereAreReadBackAsTheirLines() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2000; i++) text.append("`第").append(i).append("行,`门诊缴费\r\n");
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        }

        List<String> lines = DownloadedLines.lines(chunks(gz.toByteArray(), 7), GZIPInputStream::new, StandardCharsets.UTF_8)
                .collectList().block(Duration.ofSeconds(10));

        assertThat(lines).hasSize(2000);
        assertThat(lines.get(1234)).isEqualTo("`第1234行,`门诊缴费");
    }

    @Test
    void aDownloadThatBreaksOffEndsTheLinesInError() {
        Flux<DataBuffer> broken = chunks("a\nb\n".getBytes(StandardCharsets.UTF_8), 2).concatWith(Flux.error(new IOException("reset")));

        reactor.test.StepVerifier.create(DownloadedLines.lines(broken, in -> in, StandardCharsets.UTF_8))
                .expectNext("a", "b").expectErrorMatches(e -> e.getMessage().contains("reset")).verify(Duration.ofSeconds(10));
    }
}
