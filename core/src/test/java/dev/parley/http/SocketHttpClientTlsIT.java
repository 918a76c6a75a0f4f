package dev.parley.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/** {@code https} through {@link SocketHttpClient}: a server on loopback with a certificate made by the JDK's keytool. */
class SocketHttpClientTlsIT {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    Path directory;

    private HttpsServer server;
    private ExecutorService serverThreads;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
            serverThreads.shutdownNow();
        }
    }

    @Test
    void call_whenTheCertificateIsTrustedAndNamesTheHost_answersOverTls() throws Exception {
        var keys = keyStore("ip:127.0.0.1");
        start(keys);

        try (var client = SocketHttpClient.builder().sslContext(trusting(keys)).build()) {
            var first = client.prepareRequest(get()).call();
            var firstBody = body(first);
            var secondBody = body(client.prepareRequest(get()).call());

            assertThat(first.httpResponse().statusCode()).isEqualTo(200);
            assertThat(firstBody).isEqualTo("secret");
            assertThat(secondBody).isEqualTo("secret");
            assertThat(client.idleConnections()).as("the second request went over the first one's connection").isEqualTo(1);
        }
    }

    @Test
    void call_whenTheCertificateIsNotTrusted_failsTheHandshake() throws Exception {
        start(keyStore("ip:127.0.0.1"));

        try (var client = SocketHttpClient.create()) {
            assertThatThrownBy(() -> client.prepareRequest(get()).call()).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void call_whenTheTrustedCertificateNamesAnotherHost_failsTheHandshake() throws Exception {
        var keys = keyStore("dns:elsewhere.example");
        start(keys);

        try (var client = SocketHttpClient.builder().sslContext(trusting(keys)).build()) {
            assertThatThrownBy(() -> client.prepareRequest(get()).call()).isInstanceOf(SSLHandshakeException.class);
        }
    }

    private void start(KeyStore keys) throws Exception {
        var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        var context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        serverThreads = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(serverThreads);
        server.createContext("/", exchange -> {
            try (exchange) {
                var answer = "secret".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        server.start();
    }

    /** A key pair and a self-signed certificate whose subject alternative name is {@code san}, made by keytool. */
    private KeyStore keyStore(String san) throws Exception {
        var file = directory.resolve("server.p12");
        var keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        var process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=parley-test", "-ext", "san=" + san, "-validity", "1", "-keystore", file.toString(),
                "-storetype", "PKCS12", "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        var keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keys.load(in, PASSWORD);
        }
        return keys;
    }

    private static SSLContext trusting(KeyStore keys) throws Exception {
        var trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", keys.getCertificate("server"));
        var trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);
        var context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        return context;
    }

    private HttpExecuteRequest get() {
        var request = SdkHttpRequest.builder().protocol("https").host("127.0.0.1").port(server.getAddress().getPort())
                .encodedPath("/secret").method(SdkHttpMethod.GET).build();
        return HttpExecuteRequest.builder().request(request).build();
    }

    private static String body(HttpExecuteResponse response) throws IOException {
        try (var stream = response.responseBody().orElseThrow()) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
