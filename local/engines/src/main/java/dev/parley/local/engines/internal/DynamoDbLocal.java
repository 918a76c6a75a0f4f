package dev.parley.local.engines.internal;

import dev.parley.local.engines.EngineException;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/** DynamoDB Local in this JVM, bound to loopback only. */
public final class DynamoDbLocal implements AutoCloseable {

    private final DynamoDBProxyServer server;
    private final URI url;

    private DynamoDbLocal(DynamoDBProxyServer server, URI url) {
        this.server = server;
        this.url = url;
    }

    /**
     * Starts DynamoDB Local.
     *
     * @param dataDirectory where the database file lives, {@code null} for in memory
     * @param port          the port, 0 for any free one
     */
    public static DynamoDbLocal start(Path dataDirectory, int port) throws Exception {
        SqliteNatives.prepare();
        // DynamoDB Local refuses port 0 on its command line: the connector is rebound to loopback and the real port below.
        int placeholderPort = port == 0 ? ServerRunner.DEFAULT_PORT : port;
        List<String> args = new ArrayList<>(List.of("-disableTelemetry", "-sharedDb", "-port", Integer.toString(placeholderPort)));
        if (dataDirectory == null) {
            args.add("-inMemory");
        } else {
            Files.createDirectories(dataDirectory);
            args.add("-dbPath");
            args.add(dataDirectory.toString());
        }
        DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
        ServerConnector connector = loopbackConnector(proxy);
        connector.setHost(Loopback.ADDRESS);
        connector.setPort(port);
        proxy.start();
        return new DynamoDbLocal(proxy, Loopback.url(connector.getLocalPort()));
    }

    private static ServerConnector loopbackConnector(DynamoDBProxyServer proxy) throws ReflectiveOperationException {
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        Server jetty = (Server) field.get(proxy);
        for (Connector connector : jetty.getConnectors()) {
            if (connector instanceof ServerConnector serverConnector) {
                return serverConnector;
            }
        }
        throw new EngineException("DynamoDB Local has no server connector to bind to loopback");
    }

    public URI url() {
        return url;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
