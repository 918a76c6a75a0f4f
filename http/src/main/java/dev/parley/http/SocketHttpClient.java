package dev.parley.http;

import static java.util.Objects.requireNonNull;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * The SDK's synchronous HTTP client contract on blocking sockets: HTTP/1.1 over kept-alive connections, TLS with the
 * JDK's trust store and host name verification for {@code https}, no dependency beyond the JDK.
 *
 * <p>A request is written in one go and its response read on the caller's thread. The JDK's {@code java.net.http}
 * client, which this replaces, hands every exchange to a selector thread and back through several executor tasks:
 * measured on a kept-alive loopback connection under the client compiler, that machinery took more CPU than the rest of
 * the SDK's work for a {@code GetItem} (1.2 ms per call in all), and its classes and threads are loaded and started in
 * every function's init. The SDK's URLConnection client used less CPU but took 2.3 ms a call against 1.4 ms; the
 * SDK's Apache and Netty clients stay out of the functions altogether (see the enforcer rule in {@code functions/pom.xml}).
 *
 * <p>Idle connections are kept per scheme, host and port, the most recently used first, and closed after
 * {@link Builder#idleTimeout(Duration) idleTimeout}, before a server's own idle timeout would close them under a request.
 * A request that fails on a kept connection before any byte of its response arrived (the server had closed it, or a
 * SnapStart snapshot was restored with it) is sent once more on a new connection: a server does not close a connection
 * it has read a request from without answering it.
 */
public final class SocketHttpClient implements SdkHttpClient {

    public static final String CLIENT_NAME = "ParleySocketHttp";

    private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(20);
    private static final int DEFAULT_MAX_IDLE_PER_ROUTE = 64;
    private static final int BUFFER = 16 * 1024;
    private static final int MAX_LINE = 64 * 1024;
    private static final int MAX_HEADERS = 200;
    private static final byte[] CRLF = {'\r', '\n'};

    /**
     * Headers this client writes itself from the URI and the body; {@code Expect: 100-continue} is dropped rather than
     * honoured: SigV4 does not sign it, and a server that never answers 100 would hold the request until its timeout.
     */
    private static final Set<String> FRAMED_HERE = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive");

    /** Methods that carry a body by usage: without one they still say {@code Content-Length: 0}. */
    private static final Set<SdkHttpMethod> BODY_METHODS = Set.of(SdkHttpMethod.POST, SdkHttpMethod.PUT, SdkHttpMethod.PATCH);

    private final Duration connectTimeout;
    private final int requestTimeoutMillis;
    private final long idleTimeoutMillis;
    private final int maxIdlePerRoute;
    private final SSLContext sslContext;
    private final Map<Route, ArrayDeque<Connection>> idle = new HashMap<>();
    private boolean closed;

    private SocketHttpClient(Builder builder) {
        this.connectTimeout = builder.connectTimeout;
        this.requestTimeoutMillis = Math.toIntExact(Math.max(1, builder.requestTimeout.toMillis()));
        this.idleTimeoutMillis = builder.idleTimeout.toMillis();
        this.maxIdlePerRoute = builder.maxIdlePerRoute;
        this.sslContext = builder.sslContext;
    }

    /** A client with a 2 s connect timeout, a 5 s read timeout and idle connections kept 20 s. */
    public static SocketHttpClient create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new Exchange(requireNonNull(request, "request"));
    }

    @Override
    public String clientName() {
        return CLIENT_NAME;
    }

    /** Closes the idle connections; a response still being read closes its own connection when done. */
    @Override
    public void close() {
        synchronized (idle) {
            closed = true;
        }
        closeIdleConnections();
    }

    /**
     * Closes the connections kept for later requests, as before a SnapStart snapshot: a restored environment's
     * connections lead nowhere, and a request on one could wait out its timeout before it failed.
     */
    public void closeIdleConnections() {
        List<Connection> toClose = new ArrayList<>();
        synchronized (idle) {
            idle.values().forEach(toClose::addAll);
            idle.clear();
        }
        toClose.forEach(Connection::close);
    }

    /** How many idle connections are kept, for tests. */
    int idleConnections() {
        synchronized (idle) {
            return idle.values().stream().mapToInt(ArrayDeque::size).sum();
        }
    }

    /** Settings of a {@link SocketHttpClient}; every duration must be positive. */
    public static final class Builder {

        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int maxIdlePerRoute = DEFAULT_MAX_IDLE_PER_ROUTE;
        private SSLContext sslContext;

        private Builder() {
        }

        /** How long opening a connection (and its TLS handshake) may take. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * How long a request may wait for the response headers once sent, and for each further read of the body; the
         * whole body is bounded by the SDK's {@code apiCallAttemptTimeout}.
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = positive(requestTimeout, "requestTimeout");
            return this;
        }

        /** How long an idle connection is kept for the next request. */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = positive(idleTimeout, "idleTimeout");
            return this;
        }

        /** How many idle connections are kept per scheme, host and port; more are closed as their responses end. */
        public Builder maxIdlePerRoute(int maxIdlePerRoute) {
            if (maxIdlePerRoute < 0) {
                throw new IllegalArgumentException("maxIdlePerRoute must not be negative: " + maxIdlePerRoute);
            }
            this.maxIdlePerRoute = maxIdlePerRoute;
            return this;
        }

        /** The TLS context of {@code https} connections; the JDK's default (its trust store) unless given. */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = requireNonNull(sslContext, "sslContext");
            return this;
        }

        public SocketHttpClient build() {
            if (sslContext == null) {
                try {
                    sslContext = SSLContext.getDefault();
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("the JDK has no default TLS context", e);
                }
            }
            return new SocketHttpClient(this);
        }

        private static Duration positive(Duration duration, String name) {
            requireNonNull(duration, name);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + duration);
            }
            return duration;
        }
    }

    /** Where a connection goes: connections are kept and reused per route. */
    private record Route(boolean tls, String host, int port) {

        static Route of(SdkHttpRequest request) {
            var tls = "https".equalsIgnoreCase(request.protocol());
            if (!tls && !"http".equalsIgnoreCase(request.protocol())) {
                throw new IllegalArgumentException("not an HTTP URL: " + request.protocol());
            }
            var port = request.port() > 0 ? request.port() : tls ? 443 : 80;
            return new Route(tls, request.host(), port);
        }

        /** The {@code Host} header: the port only when it is not the scheme's own, as SigV4 signs it. */
        String hostHeader() {
            return port == (tls ? 443 : 80) ? host : host + ":" + port;
        }
    }

    private Connection take(Route route) {
        List<Connection> expired = new ArrayList<>();
        Connection found = null;
        synchronized (idle) {
            var connections = idle.get(route);
            // Wall-clock time: a frozen Lambda environment's monotonic clock may not count the time it was frozen.
            var now = System.currentTimeMillis();
            while (connections != null && !connections.isEmpty()) {
                var candidate = connections.pollFirst();
                if (now - candidate.idleSince < idleTimeoutMillis) {
                    found = candidate;
                    break;
                }
                expired.add(candidate);
            }
        }
        expired.forEach(Connection::close);
        return found;
    }

    private void release(Connection connection) {
        synchronized (idle) {
            if (!closed) {
                var connections = idle.computeIfAbsent(connection.route, route -> new ArrayDeque<>());
                if (connections.size() < maxIdlePerRoute) {
                    connection.idleSince = System.currentTimeMillis();
                    connections.addFirst(connection);
                    return;
                }
            }
        }
        connection.close();
    }

    private Connection open(Route route) throws IOException {
        var socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(route.host(), route.port()), Math.toIntExact(connectTimeout.toMillis()));
            if (route.tls()) {
                var tls = (SSLSocket) sslContext.getSocketFactory().createSocket(socket, route.host(), route.port(), true);
                var parameters = tls.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                tls.setSSLParameters(parameters);
                tls.setSoTimeout(Math.toIntExact(connectTimeout.toMillis()));
                tls.startHandshake();
                socket = tls;
            }
            socket.setSoTimeout(requestTimeoutMillis);
            return new Connection(route, socket);
        } catch (IOException | RuntimeException e) {
            try {
                socket.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** One kept-alive connection: used by one exchange at a time. */
    private static final class Connection {

        final Route route;
        final Socket socket;
        final Input in;
        final OutputStream out;
        long idleSince;

        Connection(Route route, Socket socket) throws IOException {
            this.route = route;
            this.socket = socket;
            this.in = new Input(socket.getInputStream());
            this.out = new BufferedOutputStream(socket.getOutputStream(), BUFFER);
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing is how a connection is given up; there is nothing else to release.
                return;
            }
        }
    }

    /** One request; {@link #abort()} may come from another thread (the SDK's timeouts) at any point. */
    private final class Exchange implements ExecutableHttpRequest {

        private final HttpExecuteRequest request;
        private volatile boolean aborted;
        private volatile Connection current;

        private Exchange(HttpExecuteRequest request) {
            this.request = request;
        }

        @Override
        public HttpExecuteResponse call() throws IOException {
            if (aborted) {
                throw new IOException("The request was aborted before it was sent");
            }
            var sdk = request.httpRequest();
            var route = Route.of(sdk);
            var head = head(sdk, route, request.contentStreamProvider().isPresent());
            var kept = take(route);
            if (kept != null) {
                var attempt = new Attempt(kept);
                try {
                    return attempt.run(head);
                } catch (IOException e) {
                    if (attempt.responseStarted || aborted || e instanceof SocketTimeoutException
                            || Thread.currentThread().isInterrupted()) {
                        throw failure(e);
                    }
                    // The server had closed the kept connection: send the request again on a new one.
                }
            }
            return new Attempt(open(route)).run(head);
        }

        @Override
        public void abort() {
            aborted = true;
            var connection = current;
            if (connection != null) {
                connection.close();
            }
        }

        /** An interrupted caller gets an {@link InterruptedIOException}, and keeps its interrupt. */
        private IOException failure(IOException e) {
            if (Thread.currentThread().isInterrupted() && !(e instanceof InterruptedIOException)) {
                var interrupted = new InterruptedIOException("Interrupted while waiting for the response");
                interrupted.initCause(e);
                return interrupted;
            }
            if (aborted && !(e instanceof InterruptedIOException)) {
                return new IOException("The request was aborted", e);
            }
            return e;
        }

        /** The request on one connection. */
        private final class Attempt {

            private final Connection connection;
            private boolean responseStarted;

            Attempt(Connection connection) {
                this.connection = connection;
            }

            HttpExecuteResponse run(Head head) throws IOException {
                current = connection;
                var handedOver = false;
                try {
                    if (aborted) {
                        throw new IOException("The request was aborted");
                    }
                    send(head);
                    var response = receive(head.method());
                    handedOver = true;
                    return response;
                } catch (IOException e) {
                    throw failure(e);
                } finally {
                    if (!handedOver) {
                        connection.close();
                    }
                }
            }

            private void send(Head head) throws IOException {
                var out = connection.out;
                out.write(head.bytes());
                var content = request.contentStreamProvider();
                if (content.isPresent()) {
                    try (var body = content.get().newStream()) {
                        if (head.declaredLength() >= 0) {
                            copyExactly(body, out, head.declaredLength());
                        } else {
                            copyChunked(body, out);
                        }
                    }
                }
                out.flush();
            }

            private HttpExecuteResponse receive(SdkHttpMethod method) throws IOException {
                var in = connection.in;
                int status;
                String statusLine;
                if (in.peek() < 0) {
                    throw new EOFException("The connection closed before a response");
                }
                responseStarted = true;
                do {
                    statusLine = readLine(in);
                    status = statusOf(statusLine);
                    if (status >= 100 && status < 200) {
                        readHeaders(in);
                    }
                } while (status >= 100 && status < 200);
                var headers = readHeaders(in);
                var keepAlive = keepAlive(statusLine, headers);
                InputStream body;
                if (method == SdkHttpMethod.HEAD || status == 204 || status == 304) {
                    body = new FixedLengthBody(this, 0, keepAlive);
                } else if (headerContains(headers, "Transfer-Encoding", "chunked")) {
                    body = new ChunkedBody(this, keepAlive);
                } else {
                    var length = first(headers, "Content-Length");
                    body = length == null ? new UntilCloseBody(this) : new FixedLengthBody(this, parseLength(length), keepAlive);
                }
                var response = SdkHttpResponse.builder().statusCode(status).headers(headers).build();
                return HttpExecuteResponse.builder()
                        .response(response)
                        .responseBody(AbortableInputStream.create(body, Exchange.this::abort))
                        .build();
            }

            /** The body was read to its end: the connection serves the next request, unless the response said not to. */
            void finished(boolean keepAlive) {
                current = null;
                if (keepAlive && !aborted) {
                    release(connection);
                } else {
                    connection.close();
                }
            }

            void discard() {
                current = null;
                connection.close();
            }

            InputStream in() {
                return connection.in;
            }
        }
    }

    /**
     * A connection's buffered input, read by one exchange at a time: {@link java.io.BufferedInputStream} takes a lock on
     * every byte, and the head of a response is read a byte at a time.
     */
    private static final class Input extends InputStream {

        private final InputStream socket;
        private final byte[] buffer = new byte[BUFFER];
        private int position;
        private int limit;

        Input(InputStream socket) {
            this.socket = socket;
        }

        /** The next byte without taking it; -1 at the end of the stream. */
        int peek() throws IOException {
            return position < limit || fill() ? buffer[position] & 0xff : -1;
        }

        @Override
        public int read() throws IOException {
            return position < limit || fill() ? buffer[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (position == limit) {
                if (length >= buffer.length) {
                    return socket.read(target, offset, length);
                }
                if (!fill()) {
                    return -1;
                }
            }
            int n = Math.min(length, limit - position);
            System.arraycopy(buffer, position, target, offset, n);
            position += n;
            return n;
        }

        @Override
        public int available() throws IOException {
            return limit - position + socket.available();
        }

        private boolean fill() throws IOException {
            int n = socket.read(buffer, 0, buffer.length);
            if (n <= 0) {
                return false;
            }
            position = 0;
            limit = n;
            return true;
        }
    }

    /** The request line and headers, ready to write, and how the body is framed. */
    private record Head(byte[] bytes, SdkHttpMethod method, long declaredLength) {
    }

    private static Head head(SdkHttpRequest sdk, Route route, boolean hasBody) throws IOException {
        var text = new StringBuilder(512);
        // The encoded path and query exactly as the signer saw them (getUri() is made of these), never re-encoded; read
        // here without getUri(), which parses a java.net.URI for every request.
        var path = sdk.encodedPath();
        text.append(sdk.method().name()).append(' ').append(path == null || path.isEmpty() ? "/" : path);
        sdk.encodedQueryParameters().ifPresent(query -> text.append('?').append(query));
        text.append(" HTTP/1.1\r\n");
        // The host and port the request goes to, as the signer derives them; a Host header of the request is not used.
        text.append("Host: ").append(route.hostHeader()).append("\r\n");
        sdk.forEachHeader((name, values) -> {
            if (!FRAMED_HERE.contains(name.toLowerCase(Locale.ROOT))) {
                for (var value : values) {
                    text.append(name).append(": ").append(value).append("\r\n");
                }
            }
        });
        long declared = -1;
        var length = sdk.firstMatchingHeader("Content-Length");
        if (hasBody && length.isPresent()) {
            declared = parseLength(length.get());
            text.append("Content-Length: ").append(declared).append("\r\n");
        } else if (hasBody) {
            text.append("Transfer-Encoding: chunked\r\n");
        } else if (BODY_METHODS.contains(sdk.method())) {
            text.append("Content-Length: 0\r\n");
        }
        text.append("\r\n");
        for (int i = 0; i < text.length(); i++) {
            var c = text.charAt(i);
            if (c > 0xff || (c < ' ' && c != '\r' && c != '\n' && c != '\t')) {
                throw new IOException("A header or the path holds a character HTTP/1.1 cannot carry");
            }
        }
        return new Head(text.toString().getBytes(StandardCharsets.ISO_8859_1), sdk.method(), declared);
    }

    /** Copies a body of the declared length; one shorter or longer fails the request rather than corrupt the connection. */
    private static void copyExactly(InputStream body, OutputStream out, long declared) throws IOException {
        var buffer = new byte[(int) Math.min(BUFFER, Math.max(1, declared))];
        long left = declared;
        while (left > 0) {
            int n = body.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("The body ended " + left + " bytes short of its declared length " + declared);
            }
            out.write(buffer, 0, n);
            left -= n;
        }
        if (body.read() >= 0) {
            throw new IOException("The body is longer than its declared length " + declared);
        }
    }

    private static void copyChunked(InputStream body, OutputStream out) throws IOException {
        var buffer = new byte[BUFFER];
        int n;
        while ((n = body.read(buffer)) >= 0) {
            if (n > 0) {
                out.write(Integer.toHexString(n).getBytes(StandardCharsets.ISO_8859_1));
                out.write(CRLF);
                out.write(buffer, 0, n);
                out.write(CRLF);
            }
        }
        out.write('0');
        out.write(CRLF);
        out.write(CRLF);
    }

    /** One line without its CRLF. */
    private static String readLine(InputStream in) throws IOException {
        var line = new StringBuilder(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                var end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new IOException("A response line is longer than " + MAX_LINE + " bytes");
            }
            line.append((char) c);
        }
        throw new EOFException("The connection closed in the middle of the response's head");
    }

    private static int statusOf(String statusLine) throws IOException {
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
            throw new IOException("Not an HTTP/1.x status line");
        }
        try {
            return Integer.parseInt(statusLine, 9, 12, 10);
        } catch (NumberFormatException e) {
            throw new IOException("Not an HTTP/1.x status line", e);
        }
    }

    private static Map<String, List<String>> readHeaders(InputStream in) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int count = 0; ; count++) {
            var line = readLine(in);
            if (line.isEmpty()) {
                return headers;
            }
            if (count >= MAX_HEADERS) {
                throw new IOException("A response has more than " + MAX_HEADERS + " headers");
            }
            var colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("A response header without a name");
            }
            headers.computeIfAbsent(line.substring(0, colon).strip(), name -> new ArrayList<>(1))
                    .add(line.substring(colon + 1).strip());
        }
    }

    private static String first(Map<String, List<String>> headers, String name) {
        var values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    private static boolean headerContains(Map<String, List<String>> headers, String name, String token) {
        var values = headers.get(name);
        if (values != null) {
            for (var value : values) {
                for (var part : value.split(",")) {
                    if (part.strip().equalsIgnoreCase(token)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean keepAlive(String statusLine, Map<String, List<String>> headers) {
        if (headerContains(headers, "Connection", "close")) {
            return false;
        }
        return statusLine.startsWith("HTTP/1.1") || headerContains(headers, "Connection", "keep-alive");
    }

    private static long parseLength(String value) throws IOException {
        try {
            long length = Long.parseLong(value.trim());
            if (length < 0) {
                throw new IOException("Negative Content-Length: " + value);
            }
            return length;
        } catch (NumberFormatException e) {
            throw new IOException("Unreadable Content-Length: " + value, e);
        }
    }

    /** A response body; closed before its end, it takes its connection down with it (what is left is never read). */
    private abstract static class Body extends InputStream {

        private final Exchange.Attempt attempt;
        private final byte[] one = new byte[1];
        private boolean done;
        private boolean ended;

        Body(Exchange.Attempt attempt) {
            this.attempt = attempt;
        }

        /** Reads more of a body that has neither ended nor been closed; {@code length} is positive. */
        abstract int readMore(byte[] buffer, int offset, int length) throws IOException;

        final InputStream in() {
            return attempt.in();
        }

        /** The body was read to its end: its connection goes back to the pool, unless {@code keepAlive} says not to. */
        final void end(boolean keepAlive) {
            ended = true;
            if (!done) {
                done = true;
                attempt.finished(keepAlive);
            }
        }

        final boolean done() {
            return done;
        }

        @Override
        public final int read(byte[] buffer, int offset, int length) throws IOException {
            if (ended) {
                return -1;
            }
            if (done) {
                throw new IOException("The response body was closed");
            }
            return length == 0 ? 0 : readMore(buffer, offset, length);
        }

        @Override
        public final int read() throws IOException {
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public void close() {
            if (!done) {
                done = true;
                attempt.discard();
            }
        }
    }

    private static final class FixedLengthBody extends Body {

        private final boolean keepAlive;
        private long left;

        FixedLengthBody(Exchange.Attempt attempt, long length, boolean keepAlive) {
            super(attempt);
            this.left = length;
            this.keepAlive = keepAlive;
            if (length == 0) {
                end(keepAlive);
            }
        }

        @Override
        int readMore(byte[] buffer, int offset, int length) throws IOException {
            int n = in().read(buffer, offset, (int) Math.min(length, left));
            if (n < 0) {
                close();
                throw new EOFException("The connection closed " + left + " bytes before the end of the response body");
            }
            left -= n;
            if (left == 0) {
                end(keepAlive);
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            return done() ? 0 : (int) Math.min(left, in().available());
        }
    }

    private static final class ChunkedBody extends Body {

        private final boolean keepAlive;
        private long chunkLeft;

        ChunkedBody(Exchange.Attempt attempt, boolean keepAlive) {
            super(attempt);
            this.keepAlive = keepAlive;
        }

        @Override
        int readMore(byte[] buffer, int offset, int length) throws IOException {
            try {
                if (chunkLeft == 0) {
                    chunkLeft = nextChunkSize();
                    if (chunkLeft == 0) {
                        readHeaders(in());
                        end(keepAlive);
                        return -1;
                    }
                }
                int n = in().read(buffer, offset, (int) Math.min(length, chunkLeft));
                if (n < 0) {
                    throw new EOFException("The connection closed in the middle of a chunk");
                }
                chunkLeft -= n;
                if (chunkLeft == 0 && !readLine(in()).isEmpty()) {
                    throw new IOException("A chunk is longer than its declared size");
                }
                return n;
            } catch (IOException e) {
                close();
                throw e;
            }
        }

        private long nextChunkSize() throws IOException {
            var line = readLine(in());
            var extension = line.indexOf(';');
            var size = (extension < 0 ? line : line.substring(0, extension)).strip();
            try {
                var parsed = Long.parseLong(size, 16);
                if (parsed < 0) {
                    throw new IOException("Negative chunk size");
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new IOException("Unreadable chunk size", e);
            }
        }
    }

    /** A body without length or chunks (HTTP/1.0 style): it ends when the server closes the connection. */
    private static final class UntilCloseBody extends Body {

        UntilCloseBody(Exchange.Attempt attempt) {
            super(attempt);
        }

        @Override
        int readMore(byte[] buffer, int offset, int length) throws IOException {
            int n;
            try {
                n = in().read(buffer, offset, length);
            } catch (IOException e) {
                close();
                throw e;
            }
            if (n < 0) {
                end(false);
            }
            return n;
        }
    }
}
