package dev.parley.core.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

class SigV4SignerTest {

    private static final AwsCredentials BASIC = AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static final AwsCredentials SESSION = AwsSessionCredentials.create("ASIAEXAMPLE", "c2VjcmV0/c2VjcmV0+c2VjcmV0",
            "IQoJb3JpZ2luX2VjEOr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ==");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "POST|https|a1.execute-api.eu-west-1.amazonaws.com|-1|/prod|Lw2TcfhbIAMCKhQ=|{\"text\":\"héllo\"}|basic|2026-12-01T19:55:07Z",
        "GET|https|a1.execute-api.eu-west-1.amazonaws.com|443|/prod|Lw2TcfhbIAMCKhQ=||session|2026-01-31T23:59:59Z",
        "DELETE|http|127.0.0.1|4510|/local|c-1/x y~z||basic|2027-02-28T00:00:00Z",
        "POST|http|127.0.0.1|4510|''|conn_1-2.3|{}|session|2026-07-04T12:00:00Z",
    })
    void sign_whenComparedWithTheSdksSigner_givesTheSameHeaders(String method, String scheme, String host, int port, String stage,
                                                                String connectionId, String body, String credentials, String at) {
        var identity = credentials.equals("session") ? SESSION : BASIC;
        var instant = Instant.parse(at);
        var payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        var defaultPort = scheme.equals("https") ? 443 : 80;
        var hostHeader = port < 0 || port == defaultPort ? host : host + ":" + port;
        var path = stage + "/@connections/" + URLEncoder.encode(connectionId, StandardCharsets.UTF_8);
        var headers = new LinkedHashMap<String, String>();
        headers.put("Host", hostHeader);
        if (body != null) {
            headers.put("Content-Type", "application/json");
            headers.put("Content-Length", Integer.toString(payload.length));
        }

        var ours = new SigV4Signer(StaticCredentialsProvider.create(identity), "eu-west-1", "execute-api")
                .sign(method, path, headers, payload, instant);

        var request = SdkHttpRequest.builder().protocol(scheme).host(host).port(port < 0 ? defaultPort : port).encodedPath(path)
                .method(SdkHttpMethod.valueOf(method));
        headers.forEach(request::putHeader);
        var sdk = AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(request.build())
                .payload(body == null ? null : ContentStreamProvider.fromByteArray(payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(instant, ZoneOffset.UTC)));
        var expected = new LinkedHashMap<String, String>();
        for (var name : new String[] {"X-Amz-Content-Sha256", "X-Amz-Date", "X-Amz-Security-Token", "Authorization"}) {
            sdk.request().firstMatchingHeader(name).ifPresent(value -> expected.put(name, value));
        }

        assertThat(ours).isEqualTo(expected);
        assertThat(ours).containsKey("Authorization");
        assertThat(ours.containsKey("X-Amz-Security-Token")).isEqualTo(identity instanceof AwsSessionCredentials);
    }

    @ParameterizedTest
    @CsvSource({"2026-12-01T23:59:59Z, 2026-12-02T00:00:01Z"})
    void sign_whenTheDayChanges_signsWithTheNewDaysKey(String before, String after) {
        var signer = new SigV4Signer(StaticCredentialsProvider.create(BASIC), "us-east-1", "execute-api");
        var headers = Map.of("Host", "example.com");

        var first = signer.sign("GET", "/prod/@connections/a", headers, new byte[0], Instant.parse(before));
        var second = signer.sign("GET", "/prod/@connections/a", headers, new byte[0], Instant.parse(after));
        var fresh = new SigV4Signer(StaticCredentialsProvider.create(BASIC), "us-east-1", "execute-api")
                .sign("GET", "/prod/@connections/a", headers, new byte[0], Instant.parse(after));

        assertThat(first.get("Authorization")).contains("/20261201/us-east-1/execute-api/aws4_request");
        assertThat(second).isEqualTo(fresh);
    }
}
