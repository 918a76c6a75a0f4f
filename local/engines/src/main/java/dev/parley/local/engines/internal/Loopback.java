package dev.parley.local.engines.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;

/** The loopback address every engine binds to. */
public final class Loopback {

    public static final String ADDRESS = "127.0.0.1";

    private Loopback() {
    }

    public static URI url(int port) {
        return URI.create("http://" + ADDRESS + ":" + port);
    }

    /** A port free right now on loopback, for engines that cannot bind port 0 and report the port they got. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(ADDRESS))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }
}
