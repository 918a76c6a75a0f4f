package dev.parley.local;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A bare WebSocket client that sends exactly the frames it is told to: the JDK's client splits long messages into
 * smaller frames by itself, which cannot show what the server does with one oversized frame.
 */
final class RawWebSocket implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
    }

    static RawWebSocket connect(URI uri) throws IOException {
        var socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout(20_000);
        var key = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(16));
        var request = "GET " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        var client = new RawWebSocket(socket);
        var status = client.readLine();
        if (!status.contains(" 101 ")) {
            throw new IOException("upgrade refused: " + status);
        }
        while (!client.readLine().isEmpty()) {
            // response headers
        }
        return client;
    }

    private String readLine() throws IOException {
        var line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /** Sends one final text frame holding the whole payload, masked as a client must. */
    void sendSingleFrame(String text) throws IOException {
        var payload = text.getBytes(StandardCharsets.UTF_8);
        var frame = new ByteArrayOutputStream();
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length <= 0xFFFF) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xFF);
            }
        }
        var mask = new SecureRandom().generateSeed(4);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        socket.getOutputStream().write(frame.toByteArray());
        socket.getOutputStream().flush();
    }

    /** One text message as it arrived: its frames' payload sizes and the text they make up. */
    record TextMessage(java.util.List<Integer> frameSizes, String text) {
    }

    /** Reads frames until the last frame of a text message (control frames are skipped). */
    TextMessage awaitTextMessage() throws IOException {
        var sizes = new java.util.ArrayList<Integer>();
        var text = new ByteArrayOutputStream();
        while (true) {
            var first = in.readUnsignedByte();
            var second = in.readUnsignedByte();
            long length = second & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            var payload = in.readNBytes((int) length);
            var opcode = first & 0x0F;
            if (opcode == 0x8) {
                throw new IOException("closed before a text message arrived");
            }
            if (opcode == 0x1 || opcode == 0x0) {
                sizes.add(payload.length);
                text.write(payload);
                if ((first & 0x80) != 0) {
                    return new TextMessage(sizes, text.toString(StandardCharsets.UTF_8));
                }
            }
        }
    }

    /** Reads frames until a close frame, and returns its status code. */
    int awaitCloseCode() throws IOException {
        while (true) {
            var first = in.readUnsignedByte();
            var second = in.readUnsignedByte();
            long length = second & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            var payload = in.readNBytes((int) length);
            if ((first & 0x0F) == 0x8) {
                return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
