package dev.parley.local.engines;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

class S3EngineIT {

    private static final String BUCKET = "s3-engine-it";
    private static final byte[] PNG = "fake-png-bytes".getBytes(StandardCharsets.UTF_8);

    private static final Engines ENGINES = Engines.shared();
    private static final List<ObjectCreated> CREATED = new CopyOnWriteArrayList<>();
    private static S3Client s3;
    private static S3Presigner presigner;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void createBucket() {
        s3 = TestClients.s3(ENGINES);
        presigner = TestClients.presigner(ENGINES);
        s3.createBucket(b -> b.bucket(BUCKET));
        ENGINES.s3().addObjectCreatedListener(event -> {
            if (event.bucket().equals(BUCKET)) {
                CREATED.add(event);
            }
        });
    }

    @AfterAll
    static void closeClients() {
        s3.close();
        presigner.close();
    }

    @Test
    void getObject_whenPutThroughSdk_returnsBytesAndFiresObjectCreated() {
        s3.putObject(b -> b.bucket(BUCKET).key("sdk/a.txt").contentType("text/plain"), RequestBody.fromString("hello"));

        String body = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("sdk/a.txt")).asUtf8String();

        assertThat(body).isEqualTo("hello");
        // One event per stored PUT; on a busy machine the SDK may retry a PUT that the engine had already stored.
        assertThat(CREATED).filteredOn(e -> e.key().equals("sdk/a.txt")).isNotEmpty().allSatisfy(e -> {
            assertThat(e.size()).isEqualTo(5);
            assertThat(e.contentType()).isEqualTo("text/plain");
            assertThat(e.eTag()).isEqualTo("5d41402abc4b2a76b9719d911017c592");
        });
    }

    @Test
    void completeMultipartUpload_whenPartsUploaded_firesObjectCreated() {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("multipart/a.bin").contentType("application/octet-stream"))
                .uploadId();
        String eTag = s3.uploadPart(b -> b.bucket(BUCKET).key("multipart/a.bin").uploadId(uploadId).partNumber(1),
                RequestBody.fromString("part-one")).eTag();

        s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("multipart/a.bin").uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(eTag).build())));

        assertThat(CREATED).filteredOn(e -> e.key().equals("multipart/a.bin")).singleElement()
                .satisfies(e -> assertThat(e.size()).isEqualTo(8));
    }

    @Test
    void presignedPut_whenSignedHeadersSent_storesObjectReadableByPresignedGet() throws Exception {
        PresignedPutObjectRequest put = presignPut("presigned/ok.png", Duration.ofMinutes(5));

        HttpResponse<String> putResponse = send(put.url().toURI(), put.signedHeaders(), "image/png", PNG);
        PresignedGetObjectRequest get = presigner.presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(5))
                .getObjectRequest(r -> r.bucket(BUCKET).key("presigned/ok.png")));
        HttpResponse<byte[]> getResponse = http.send(HttpRequest.newBuilder(get.url().toURI()).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(putResponse.statusCode()).as(putResponse.body()).isEqualTo(200);
        assertThat(getResponse.statusCode()).isEqualTo(200);
        assertThat(getResponse.body()).isEqualTo(PNG);
        assertThat(CREATED).filteredOn(e -> e.key().equals("presigned/ok.png")).singleElement()
                .satisfies(e -> assertThat(e.contentType()).isEqualTo("image/png"));
    }

    @Test
    void presignedPut_whenSignatureTampered_isForbidden() throws Exception {
        PresignedPutObjectRequest put = presignPut("presigned/tampered.png", Duration.ofMinutes(5));
        String url = put.url().toString();
        char last = url.charAt(url.length() - 1);
        URI tampered = URI.create(url.substring(0, url.length() - 1) + (last == '0' ? '1' : '0'));

        HttpResponse<String> response = send(tampered, put.signedHeaders(), "image/png", PNG);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("presigned/tampered")).contents()).isEmpty();
    }

    @Test
    void presignedPut_whenExpired_isForbidden() throws Exception {
        PresignedPutObjectRequest put = presignPut("presigned/expired.png", Duration.ofSeconds(1));
        Thread.sleep(2_100);

        HttpResponse<String> response = send(put.url().toURI(), put.signedHeaders(), "image/png", PNG);

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void presignedPut_whenContentTypeDiffers_isForbidden() throws Exception {
        PresignedPutObjectRequest put = presignPut("presigned/type.png", Duration.ofMinutes(5));

        HttpResponse<String> response = send(put.url().toURI(), put.signedHeaders(), "text/html", PNG);

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void presignedPut_whenContentLengthDiffers_isForbidden() throws Exception {
        PresignedPutObjectRequest put = presignPut("presigned/length.png", Duration.ofMinutes(5));

        HttpResponse<String> response = send(put.url().toURI(), put.signedHeaders(), "image/png",
                "a much longer body than signed".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void preflight_whenOtherOrigin_allowsPut() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(ENGINES.s3Url().resolve("/" + BUCKET + "/cors.png"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://127.0.0.1:5173")
                .header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "content-type")
                .build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValueSatisfying(
                origin -> assertThat(origin).isIn("*", "http://127.0.0.1:5173"));
        assertThat(response.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(
                methods -> assertThat(methods).contains("PUT"));
    }

    private static PresignedPutObjectRequest presignPut(String key, Duration duration) {
        return presigner.presignPutObject(b -> b.signatureDuration(duration)
                .putObjectRequest(r -> r.bucket(BUCKET).key(key).contentType("image/png").contentLength((long) PNG.length)));
    }

    private HttpResponse<String> send(URI url, Map<String, List<String>> signedHeaders, String contentType, byte[] body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        signedHeaders.forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("content-type")) {
                values.forEach(value -> request.header(name, value));
            }
        });
        request.header("Content-Type", contentType);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
