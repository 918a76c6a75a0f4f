package dev.parley.local;

import dev.parley.local.faults.Faults;
import dev.parley.local.gateway.Gateway;
import java.nio.file.Path;
import java.time.Duration;

/** Parley Local's options: {@code ./parley local --help}. */
final class CommandLine {

    static final String USAGE = """
            Usage: ./parley local [options]

              --port N              WebSocket API, token issuer and chat page (default 4510; 0 picks a free port)
              --host ADDRESS        interface to listen on (default 127.0.0.1)
              --persist DIR         keep tables, objects and the token key in DIR across restarts
              --dynamodb-port N     DynamoDB Local (default: a free port); likewise --sqs-port, --s3-port, --sns-port
              --idle-timeout SEC    close idle WebSocket connections after SEC seconds (default 600)
              --max-connection SEC  close every WebSocket connection after SEC seconds (default 7200)
              --instances N         concurrent instances per function (default 4)
              --count-requests      count what AWS would bill (DynamoDB, SQS, SNS, Lambda, API Gateway requests), served
                                    on GET /dev/counters and reset by POST /dev/counters/reset (off by default)
              --work-dir DIR        where the synthesized template (cdk.out) and the endpoints for scripts (local.json)
                                    are written (default .parley)
              --faults SPEC         inject faults at seeded rates, e.g. all=0.1,seed=7 or dynamodb.throttle=0.2,sns=0.05
                                    (see local/README.md; served on GET /dev/faults)
              --schedule-speed N    fire the template's rate schedules N times as often (default 1: as on AWS), e.g. 60
                                    runs the 5-minute connection sweep every 5 s
            """;

    private CommandLine() {
    }

    static ParleyLocal.Options parse(String[] args) {
        Path root = Path.of("").toAbsolutePath();
        String host = "127.0.0.1";
        int port = 4510;
        Path persist = null;
        int dynamoDb = 0;
        int sqs = 0;
        int s3 = 0;
        int sns = 0;
        var limits = Gateway.Limits.apiGateway();
        int instances = 4;
        boolean countRequests = false;
        Path workDirectory = null;
        Faults.Spec faults = null;
        int scheduleSpeed = 1;
        for (int i = 0; i < args.length; i++) {
            var option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                System.out.print(USAGE);
                System.exit(0);
            }
            if (option.equals("--count-requests")) {
                countRequests = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw usage("missing value after " + option);
            }
            var value = args[++i];
            switch (option) {
                case "--root" -> root = Path.of(value).toAbsolutePath();
                case "--host" -> host = value;
                case "--port" -> port = number(option, value);
                case "--persist" -> persist = Path.of(value).toAbsolutePath();
                case "--dynamodb-port" -> dynamoDb = number(option, value);
                case "--sqs-port" -> sqs = number(option, value);
                case "--s3-port" -> s3 = number(option, value);
                case "--sns-port" -> sns = number(option, value);
                case "--idle-timeout" -> limits = new Gateway.Limits(limits.maxFrameBytes(), limits.maxMessageBytes(),
                        Duration.ofSeconds(number(option, value)), limits.maxConnectionDuration());
                case "--max-connection" -> limits = new Gateway.Limits(limits.maxFrameBytes(), limits.maxMessageBytes(),
                        limits.idleTimeout(), Duration.ofSeconds(number(option, value)));
                case "--instances" -> instances = number(option, value);
                case "--work-dir" -> workDirectory = Path.of(value).toAbsolutePath();
                case "--faults" -> faults = Faults.Spec.parse(value);
                case "--schedule-speed" -> scheduleSpeed = number(option, value);
                default -> throw usage("unknown option " + option);
            }
        }
        if (scheduleSpeed < 1) {
            throw usage("--schedule-speed needs a whole number of at least 1, not " + scheduleSpeed);
        }
        return new ParleyLocal.Options(root, host, port, persist, dynamoDb, sqs, s3, sns, limits, instances, countRequests, workDirectory,
                faults, scheduleSpeed);
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw usage(option + " needs a number, not " + value);
        }
    }

    private static IllegalArgumentException usage(String message) {
        return new IllegalArgumentException(message + "\n\n" + USAGE);
    }
}
