package com.bulkcancel.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A misbehaving provider on a bare socket, for what WireMock cannot do: a status line that trickles, a body that
 * never ends, a request that is read and never answered. Each connection is one request; the conversation decides
 * what the provider then sends (and for how long it keeps the connection open).
 */
public final class RawProvider implements AutoCloseable {

    /** What the provider sends once it has read a request. */
    public interface Conversation {
        void answer(OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Conversation conversation;

    public RawProvider(Conversation conversation) throws IOException {
        this.conversation = conversation;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "raw-provider");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public void answerWith(Conversation next) {
        conversation = next;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    public int requests() {
        return requests.get();
    }

    /** Sends the bytes one at a time, {@code pauseMillis} apart: each read gets a byte well within any idle timeout. */
    public static Conversation trickle(String text, long pauseMillis) {
        return out -> {
            for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
                out.write(b);
                out.flush();
                Thread.sleep(pauseMillis);
            }
        };
    }

    /** Reads the request and never answers (until the provider is closed). */
    public static Conversation silence() {
        return out -> Thread.sleep(Long.MAX_VALUE);
    }

    /** A whole answer at once, then the connection is closed. */
    public static Conversation answer(int status, String body) {
        return out -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nConnection: close\r\n"
                            + "Content-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
        };
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                Thread talk = new Thread(() -> talk(socket), "raw-provider-connection");
                talk.setDaemon(true);
                talk.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void talk(Socket socket) {
        try (socket) {
            readRequest(socket.getInputStream());
            requests.incrementAndGet();
            conversation.answer(socket.getOutputStream());
        } catch (IOException | InterruptedException gone) {
            // the client aborted, or the provider is closing
        }
    }

    /** The head up to the blank line, then as many body bytes as Content-Length says. */
    private static void readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("request cut off");
            }
            head.write(b);
        }
        for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                in.readNBytes(Integer.parseInt(
                        line.substring("content-length:".length()).strip()));
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
