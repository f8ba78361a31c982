package org.hospay.channels.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The lines of a file as its bytes arrive: a download's DataBuffers are read through an InputStream
 * (so the JDK's gzip and zip readers unwrap what the vendor packed) a few buffers ahead of the reader,
 * decoded and split into lines, on a worker thread (reading waits for the network: never on an event loop).
 * Memory holds a few buffers and one line, whatever the file's size; a slow consumer slows the download.
 */
public final class DownloadedLines {

    /** Unwraps the raw bytes (gunzip, the entry of a zip, a digest on the way); identity when the file is plain. */
    @FunctionalInterface
    public interface Opener {
        InputStream open(InputStream raw) throws IOException;
    }

    /** Buffers requested ahead of the reader. */
    private static final int PREFETCH = 8;

    private DownloadedLines() {}

    public static Flux<String> lines(Flux<DataBuffer> body, Opener opener, Charset charset) {
        return Flux.using(
                        () -> new BufferedReader(new InputStreamReader(opener.open(DataBufferUtils.subscriberInputStream(body, PREFETCH)), charset)),
                        reader -> Flux.fromStream(reader.lines()),
                        DownloadedLines::close)
                .onErrorMap(UncheckedIOException.class, UncheckedIOException::getCause)
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static void close(BufferedReader reader) {
        try {
            reader.close();
        } catch (IOException ignored) {
            // closing cancels the download; nothing is left to read or release
        }
    }
}
