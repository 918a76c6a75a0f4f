package dev.parley.local;

import java.nio.file.Path;
import java.time.Duration;

/** What Parley Local prints when it is ready. */
final class Banner {

    private Banner() {
    }

    static void print(Endpoints endpoints, Duration startup, Path endpointsFile, ParleyLocal.Options options) {
        System.out.printf("""

                Parley Local is ready (%.1f s)

                  Chat in a browser    %s
                  WebSocket API        %s?token=…
                  Dev tokens           %s?user=alice
                  @connections         %s/@connections/{connectionId}
                  DynamoDB             %s
                  SQS                  %s
                  SNS                  %s
                  S3                   %s
                  Region               %s   (credentials: see %s)

                  Endpoints for scripts: %s
                  Data: %s
                  Ctrl-C stops.
                """, startup.toMillis() / 1000.0, endpoints.webUrl(), endpoints.websocketUrl(), endpoints.tokenUrl(),
                endpoints.connectionsUrl(), endpoints.dynamodbUrl(), endpoints.sqsUrl(), endpoints.snsUrl(), endpoints.s3Url(),
                endpoints.region(), "local/README.md", endpointsFile,
                options.persistDirectory() == null ? "in memory (use --persist DIR to keep it)" : options.persistDirectory());
        if (options.faults() != null) {
            System.out.println("  Faults: " + options.faults().describe() + " (injected so far: GET /dev/faults)");
        }
    }
}
