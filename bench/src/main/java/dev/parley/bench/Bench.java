package dev.parley.bench;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * The end-to-end bench commands against Parley Local: {@code latency}, {@code fanout}, {@code hot-channel},
 * {@code cost} and {@code chaos}; {@code fuzz}, which needs no Parley Local; {@code startup}, which starts its own; and
 * {@code coldstart}, which runs each function in fresh JVMs beside a Parley Local.
 * Each prints detail lines, indented, then one summary line with its figures. See bench/README.md.
 */
public final class Bench {

    static final String USAGE = """
            Usage: ./parley bench [JMH options]       JMH micro-benchmarks of the per-request CPU work
                   ./parley bench latency     [--messages 200] [--warm-up 20] [--connects 50] [--pings 50]
                   ./parley bench fanout      [--connections 1000] [--messages 20] [--parallel 32]
                   ./parley bench hot-channel [--users 20] [--messages 20] [--resend 0.1]
                   ./parley bench cost        [--members 10000] [--online 100] [--messages 50]
                   ./parley bench chaos       [--messages 10000] [--fault-rate 0.1] [--seed 1] [--users 50]
                   ./parley bench engines     [--requests 500] [--warm-up 300]
                                              DynamoDB Local and ElasticMQ alone: the floors under a message
                   ./parley bench fuzz        [--scale 100]   the fuzz properties of the tests, tries × scale
                   ./parley bench startup     [--runs 5]      ./parley local from the command to ready
                   ./parley bench coldstart   [--runs 3] [--functions connect,…] [--class-logs DIR] [--write-class-lists]
                                              each function's cold start, with and without SnapStart hooks

            The end-to-end commands also take:
              --endpoints FILE   use the running Parley Local whose endpoints FILE holds
              --start-local      start a Parley Local for this run even when one is running
              --no-build         start the Parley Local jar as it is, without building it first
            Without --endpoints or --start-local, the Parley Local of .parley/local.json is used when it answers (for
            cost: when it counts requests, ./parley local --count-requests; for chaos: when it injects faults,
            ./parley local --faults SPEC); otherwise one is built from the working tree, started on free ports (for
            chaos with --faults at --fault-rate) and stopped at the end.
            """;

    private Bench() {
    }

    public static void main(String[] arguments) throws Exception {
        var root = Path.of("").toAbsolutePath();
        var rest = arguments;
        if (rest.length >= 2 && rest[0].equals("--root")) {
            root = Path.of(rest[1]).toAbsolutePath();
            rest = Arrays.copyOfRange(rest, 2, rest.length);
        }
        if (rest.length == 0 || rest[0].equals("--help") || rest[0].equals("-h")) {
            System.out.print(USAGE);
            return;
        }
        var command = rest[0];
        var status = 0;
        try {
            status = command.equals("fuzz")
                    ? FuzzRun.run(root, Args.parse(Arrays.copyOfRange(rest, 1, rest.length), Set.of()), System.out)
                    : command.equals("startup")
                    ? StartupRun.run(root, Args.parse(Arrays.copyOfRange(rest, 1, rest.length), Set.of()), System.out)
                    : command.equals("coldstart")
                    ? ColdStartRun.run(root, Args.parse(Arrays.copyOfRange(rest, 1, rest.length),
                            Set.of("--start-local", "--no-build", "--write-class-lists")),
                            System.out)
                    : run(root, command, Args.parse(Arrays.copyOfRange(rest, 1, rest.length), Set.of("--start-local", "--no-build")));
        } catch (IllegalArgumentException e) {
            System.err.println("bench " + command + ": " + e.getMessage() + "\n\n" + USAGE);
            status = 2;
        } catch (Exception e) {
            System.err.println("bench " + command + " failed: " + e);
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    /** One end-to-end command, its options read. */
    @FunctionalInterface
    interface Run {
        void run(Target target, Users users, PrintStream out) throws Exception;
    }

    private static int run(Path root, String command, Args args) throws Exception {
        var counting = command.equals("cost");
        var choice = Target.Choice.parse(args);
        String faults = null;
        if (command.equals("chaos")) {
            var rate = args.decimal("--fault-rate", 0.1);
            if (rate < 0 || rate > 1) {
                throw new IllegalArgumentException("--fault-rate needs a rate between 0 and 1");
            }
            faults = ChaosRun.faultSpec(rate, args.integer("--seed", 1));
        }
        Run run = switch (command) {
            case "latency" -> LatencyRun.prepare(args);
            case "fanout" -> FanoutRun.prepare(args);
            case "hot-channel" -> HotChannelRun.prepare(args);
            case "cost" -> CostRun.prepare(args);
            case "chaos" -> ChaosRun.prepare(args);
            case "engines" -> EnginesRun.prepare(args);
            default -> throw new IllegalArgumentException("unknown command " + command);
        };
        args.requireAllUsed();
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        try (var target = Target.open(choice, root, http, counting, faults)) {
            System.out.println("  " + command + " against " + target.description());
            if (!counting && target.countsRequests()) {
                System.out.println("  note: this Parley Local counts requests (--count-requests); its DynamoDB and SQS calls pass"
                        + " through counting proxies, which adds to every latency");
            }
            var users = new Users(http, target);
            try {
                run.run(target, users, System.out);
            } catch (Exception | Error e) {
                var log = target.keepLog();
                if (log != null) {
                    System.err.println("bench " + command + ": the log of the Parley Local it started is kept in " + log);
                }
                throw e;
            }
        }
        return 0;
    }
}
