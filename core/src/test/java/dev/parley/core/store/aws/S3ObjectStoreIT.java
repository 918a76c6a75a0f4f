package dev.parley.core.store.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.store.ObjectStore.ObjectInfo;
import dev.parley.core.testing.LocalAws;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class S3ObjectStoreIT {

    private static final byte[] PNG = "not really a png, but the right size".getBytes(StandardCharsets.UTF_8);

    private static S3ObjectStore objects;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void bucket() {
        var aws = LocalAws.shared();
        var bucket = "attachments-" + UUID.randomUUID().toString().substring(0, 8);
        aws.s3().createBucket(r -> r.bucket(bucket));
        objects = new S3ObjectStore(aws.s3(), aws.s3Presigner(), bucket);
    }

    @Test
    void presignUpload_whenClientSendsTheSignedHeaders_storesWhatPresignedDownloadServes() throws Exception {
        var key = "attachments/c-1/" + UUID.randomUUID() + "/cat.png";

        var upload = objects.presignUpload(key, "image/png", PNG.length, Duration.ofMinutes(5));
        var put = send(upload.url(), upload.method(), upload.headers(), PNG);
        var download = objects.presignDownload(key, Duration.ofMinutes(5));
        var get = http.send(HttpRequest.newBuilder(download.url()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(upload.method()).isEqualTo("PUT");
        assertThat(upload.headers()).isEqualTo(Map.of("Content-Type", "image/png"));
        assertThat(upload.expiresAt()).isAfter(Instant.now()).isBefore(Instant.now().plus(Duration.ofMinutes(6)));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(PNG);
        assertThat(objects.head(key)).contains(new ObjectInfo(key, PNG.length, "image/png"));
    }

    @Test
    void presignUpload_whenContentTypeDiffers_isRefused() throws Exception {
        var key = "attachments/c-1/" + UUID.randomUUID() + "/cat.png";
        var upload = objects.presignUpload(key, "image/png", PNG.length, Duration.ofMinutes(5));

        var put = send(upload.url(), upload.method(), Map.of("Content-Type", "text/html"), PNG);

        assertThat(put.statusCode()).isEqualTo(403);
        assertThat(objects.head(key)).isEmpty();
    }

    @Test
    void presignUpload_whenSizeDiffers_isRefused() throws Exception {
        var key = "attachments/c-1/" + UUID.randomUUID() + "/cat.png";
        var upload = objects.presignUpload(key, "image/png", PNG.length, Duration.ofMinutes(5));

        var put = send(upload.url(), upload.method(), upload.headers(), "a much longer body than was allowed".repeat(10)
                .getBytes(StandardCharsets.UTF_8));

        assertThat(put.statusCode()).isEqualTo(403);
        assertThat(objects.head(key)).isEmpty();
    }

    @Test
    void head_whenAbsent_isEmpty_andDeleteRemoves() throws Exception {
        var key = "attachments/c-1/" + UUID.randomUUID() + "/gone.png";
        var upload = objects.presignUpload(key, "image/png", PNG.length, Duration.ofMinutes(5));
        send(upload.url(), upload.method(), upload.headers(), PNG);

        assertThat(objects.head(key)).isPresent();
        objects.delete(key);

        assertThat(objects.head(key)).isEmpty();
        assertThat(objects.head("attachments/never/there.png")).isEmpty();
    }

    @Test
    void copy_whenTheUploadUrlIsUsedAgainAfterwards_leavesTheCopyAsItWas() throws Exception {
        var upload = "uploads/c-1/u-aaaaaaaaaaaaaaaaaaaaaaaa/" + UUID.randomUUID() + "/cat.png";
        var attached = "attachments/c-1/u-aaaaaaaaaaaaaaaaaaaaaaaa/m-" + UUID.randomUUID() + "/cat.png";
        var url = objects.presignUpload(upload, "image/png", PNG.length, Duration.ofMinutes(5));
        send(url.url(), url.method(), url.headers(), PNG);

        objects.copy(upload, attached);
        var replacement = "another body of exactly the same size".substring(0, PNG.length).getBytes(StandardCharsets.UTF_8);
        var overwrite = send(url.url(), url.method(), url.headers(), replacement);
        var download = objects.presignDownload(attached, Duration.ofMinutes(5));
        var get = http.send(HttpRequest.newBuilder(download.url()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(overwrite.statusCode()).as(overwrite.body()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(PNG);
        assertThat(objects.head(attached)).contains(new ObjectInfo(attached, PNG.length, "image/png"));
    }

    private HttpResponse<String> send(URI url, String method, Map<String, String> headers, byte[] body) throws Exception {
        var request = HttpRequest.newBuilder(url).method(method.toUpperCase(Locale.ROOT), HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
