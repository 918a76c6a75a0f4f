package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code ./parley bench cost}: what one message costs on AWS, counted by Parley Local ({@code --count-requests}):
 * a channel of M members of whom K are connected; after the setup the counters are reset, N messages are sent one
 * after the other, and once every delivery and every queue has settled the counters are read and divided by N,
 * then priced at AWS list prices ({@link Prices}).
 *
 * <p>Members beyond those who connect are written straight into the Members table of DynamoDB Local (and the
 * channel's {@code memberCount} raised to match): joining ten thousand users through the protocol would take long
 * and would not change what a message costs.
 */
final class CostRun {

    private static final int MAX_INITIAL_MEMBERS = 98;
    /** The engines' fixed local credentials (see {@code Engines} in local/engines). */
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("parleylocal", "parley-local-secret"));
    /** {@code ParleyStateless-Fanout5E42E65D} is {@code Fanout}; {@code ParleyStateful-MembersFEE56442} is {@code Members}. */
    private static final Pattern PHYSICAL_NAME = Pattern.compile("^[A-Za-z0-9]+-(.+?)[0-9A-F]{8}$");

    private final Map<String, Set<Long>> seen = new ConcurrentHashMap<>();
    private volatile String channelId;

    private CostRun() {
    }

    static Bench.Run prepare(Args args) {
        var members = args.integer("--members", 10_000);
        var online = args.integer("--online", 100);
        var messages = args.integer("--messages", 50);
        if (online < 1 || members < online || messages < 1) {
            throw new IllegalArgumentException("cost needs 1 ≤ --online ≤ --members and at least 1 message");
        }
        return (target, users, out) -> new CostRun().measure(target, users, out, members, online, messages);
    }

    private void received(ChatClient client, JsonNode frame, long nanos) {
        if ("message".equals(frame.path("type").asText()) && frame.path("channelId").asText().equals(channelId)) {
            seen.computeIfAbsent(client.userId(), user -> ConcurrentHashMap.newKeySet()).add(frame.path("seq").asLong());
        }
    }

    private void measure(Target target, Users users, PrintStream out, int members, int online, int messages) throws Exception {
        var region = Region.of(target.region());
        try (var dynamoDb = DynamoDbClient.builder().region(region).credentialsProvider(CREDENTIALS)
                .endpointOverride(target.dynamoDbUrl()).httpClient(UrlConnectionHttpClient.create()).build();
             var sqs = SqsClient.builder().region(region).credentialsProvider(CREDENTIALS).endpointOverride(target.sqsUrl())
                     .httpClient(UrlConnectionHttpClient.create()).build()) {
            var started = System.nanoTime();
            var userIds = new ArrayList<String>();
            for (int i = 0; i < online; i++) {
                userIds.add(users.id("cost", i));
            }
            var clients = users.connectAll(userIds, 16, this::received);
            var owner = clients.getFirst();
            var initial = userIds.subList(1, Math.min(online, 1 + MAX_INITIAL_MEMBERS));
            var id = Users.createChannel(owner, "cost " + users.run(), initial);
            Users.inParallel(clients.subList(1 + initial.size(), clients.size()).stream().<Callable<Void>>map(client -> () -> {
                Users.join(client, id);
                return null;
            }).toList(), 16);
            out.printf(Locale.ROOT, "  %d online members connected and joined in %s%n", online,
                    Users.seconds((System.nanoTime() - started) / 1e9));
            started = System.nanoTime();
            var membersTable = seedOfflineMembers(dynamoDb, id, users, members - online);
            out.printf(Locale.ROOT, "  %d offline members written into %s and the channel's memberCount raised to %d in %s%n",
                    members - online, membersTable, members, Users.seconds((System.nanoTime() - started) / 1e9));
            settle(target, sqs, 120);
            Users.awaitQuiet(1000, 120);
            var deadLettersBefore = deadLetters(sqs);

            target.resetCounters();
            channelId = id;
            var cpu = new Cpu(target);
            started = System.nanoTime();
            var seqs = new HashSet<Long>();
            for (int m = 0; m < messages; m++) {
                var sent = Sends.send(owner, Users.send(id, "cost-" + users.run() + "-" + m, "cost message " + m));
                if (!sent.acked()) {
                    throw new IllegalStateException("message " + m + " was not acknowledged: " + sent.response());
                }
                seqs.add(sent.seq());
            }
            var sendsDone = System.nanoTime();
            var sendSeconds = (sendsDone - started) / 1e9;
            var deliveredAll = awaitDeliveries(clients, seqs, 120);
            settle(target, sqs, 180);
            var settled = (System.nanoTime() - sendsDone) / 1e9;
            var counters = target.counters();
            var newDeadLetters = deadLetters(sqs) - deadLettersBefore;
            for (var client : clients) {
                client.close();
            }
            if (newDeadLetters > 0) {
                out.println("  WARNING: " + newDeadLetters + " events reached a dead-letter queue during the send phase");
            }
            out.printf(Locale.ROOT, "  sent %d messages in %s; %s; counters settled %s after the last send%n", messages,
                    Users.seconds(sendSeconds), deliveredAll ? "every online member got every message"
                            : "NOT every online member got every message", Users.seconds(settled));
            out.println("  " + cpu.since());
            users.printRetries(out);
            report(new Counters(counters, messages), out, members, online, messages);
        }
    }

    /** Writes the members who do not connect, 25 to a batch, and raises the channel's {@code memberCount}; returns the table. */
    private static String seedOfflineMembers(DynamoDbClient dynamoDb, String channelId, Users users, int count) throws Exception {
        var tables = new ArrayList<String>();
        dynamoDb.listTablesPaginator().tableNames().forEach(tables::add);
        var members = only(tables, "-Members");
        var channels = only(tables, "-Channels");
        if (count == 0) {
            return members;
        }
        var now = Long.toString(System.currentTimeMillis());
        var batches = new ArrayList<Callable<Void>>();
        for (int from = 0; from < count; from += 25) {
            var batch = new ArrayList<WriteRequest>();
            for (int i = from; i < Math.min(count, from + 25); i++) {
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of(
                        "channelId", AttributeValue.fromS(channelId),
                        "userId", AttributeValue.fromS(users.id("cost-offline", i)),
                        "role", AttributeValue.fromS("member"),
                        "joinedAt", AttributeValue.fromN(now),
                        "lastReadSeq", AttributeValue.fromN("0"))).build()).build());
            }
            batches.add(() -> {
                Map<String, List<WriteRequest>> pending = Map.of(members, batch);
                while (!pending.isEmpty()) {
                    var items = pending;
                    pending = dynamoDb.batchWriteItem(request -> request.requestItems(items)).unprocessedItems();
                }
                return null;
            });
        }
        Users.inParallel(batches, 4);
        dynamoDb.updateItem(request -> request.tableName(channels)
                .key(Map.of("channelId", AttributeValue.fromS(channelId)))
                .updateExpression("ADD memberCount :n")
                .expressionAttributeValues(Map.of(":n", AttributeValue.fromN(Integer.toString(count)))));
        return members;
    }

    /** The physical name of the template's table {@code logicalName} ({@code Messages}, {@code Members}, …). */
    static String tableNamed(DynamoDbClient dynamoDb, String logicalName) {
        var tables = new ArrayList<String>();
        dynamoDb.listTablesPaginator().tableNames().forEach(tables::add);
        return only(tables, "-" + logicalName);
    }

    private static String only(List<String> tables, String marker) {
        var found = tables.stream().filter(name -> name.contains(marker)).toList();
        if (found.size() != 1) {
            throw new IllegalStateException("expected one table named like *" + marker + "*, found " + found + " in " + tables);
        }
        return found.getFirst();
    }

    private boolean awaitDeliveries(List<ChatClient> clients, Set<Long> seqs, long maxSeconds) throws InterruptedException {
        var deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (clients.stream().allMatch(client -> seen.getOrDefault(client.userId(), Set.of()).containsAll(seqs))) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /**
     * Waits until every queue is empty (nothing visible, in flight or delayed) and no function has been invoked for
     * two seconds; returns the seconds waited. The queues are asked directly, so these requests are not counted.
     */
    private static double settle(Target target, SqsClient sqs, long maxSeconds) throws Exception {
        var started = System.nanoTime();
        var deadline = started + maxSeconds * 1_000_000_000L;
        var lastInvocations = -1.0;
        var stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            var invocations = new Counters(target.counters(), 1).sum("lambda.invocations.");
            if (invocations != lastInvocations) {
                lastInvocations = invocations;
                stableSince = System.nanoTime();
            }
            if (queuesEmpty(sqs) && System.nanoTime() - stableSince > 2_000_000_000L) {
                break;
            }
            Thread.sleep(250);
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /** Whether every queue but the dead-letter queues is empty: nothing visible, in flight or delayed. */
    private static boolean queuesEmpty(SqsClient sqs) {
        for (var queueUrl : sqs.listQueues().queueUrls()) {
            if (!isDeadLetterQueue(queueUrl) && queued(sqs, queueUrl) > 0) {
                return false;
            }
        }
        return true;
    }

    /** Messages in the dead-letter queues: events that failed for good. */
    static long deadLetters(SqsClient sqs) {
        return sqs.listQueues().queueUrls().stream().filter(CostRun::isDeadLetterQueue).mapToLong(url -> queued(sqs, url)).sum();
    }

    private static boolean isDeadLetterQueue(String queueUrl) {
        return queueUrl.substring(queueUrl.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT).contains("dlq");
    }

    private static long queued(SqsClient sqs, String queueUrl) {
        var attributes = sqs.getQueueAttributes(request -> request.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return attributes.values().stream().mapToLong(Long::parseLong).sum();
    }

    private static void report(Counters counters, PrintStream out, int members, int online, int messages) {
        out.printf(Locale.ROOT, "  per message (counts of the send phase ÷ %d):%n", messages);
        out.println("    DynamoDB            requests   read units  write units");
        for (var operation : new TreeSet<>(counters.group("dynamodb.requests.").keySet())) {
            var failed = counters.perMessage("dynamodb.conditionFailed." + operation);
            out.printf(Locale.ROOT, "      %-18s %8.2f %12.2f %12.2f%s%n", operation, counters.perMessage("dynamodb.requests." + operation),
                    counters.perMessage("dynamodb.readUnits." + operation), counters.perMessage("dynamodb.writeUnits." + operation),
                    failed > 0 ? String.format(Locale.ROOT, "  (%.2f failed a condition: no units counted)", failed) : "");
        }
        var requests = counters.sum("dynamodb.requests.") / messages;
        var readUnits = counters.sum("dynamodb.readUnits.") / messages;
        var writeUnits = counters.sum("dynamodb.writeUnits.") / messages;
        out.printf(Locale.ROOT, "      %-18s %8.2f %12.2f %12.2f%n", "all", requests, readUnits, writeUnits);
        out.println("      units by table: " + joined(perMessage(counters.group("dynamodb.tableUnits."), messages), "%.2f"));
        if (counters.get("dynamodb.readUnitsForMissingKeys") > 0) {
            out.printf(Locale.ROOT, "      (the read units include %.2f for BatchGetItem keys that found no item, which DynamoDB bills)%n",
                    counters.perMessage("dynamodb.readUnitsForMissingKeys"));
        }

        var publishes = counters.perMessage("sns.publishes.topic");
        var pushes = counters.perMessage("sns.publishes.endpoint");
        var snsToSqs = counters.perMessage("sns.deliveries.sqs");
        out.printf(Locale.ROOT, "    SNS       publishes to topics %.2f, to push endpoints %.2f; deliveries to SQS %.2f, to Lambda %.2f%n",
                publishes, pushes, snsToSqs, counters.perMessage("sns.deliveries.lambda"));

        var emptyReceives = counters.perMessage("sqs.emptyReceives");
        out.println("    SQS       requests: " + joined(perMessage(counters.group("sqs.requests."), messages), "%.2f")
                + String.format(Locale.ROOT, "; SendMessage by SNS %.2f", snsToSqs));
        out.printf(Locale.ROOT, "              ReceiveMessage calls that returned nothing %.2f; messages sent %.2f, received %.2f,"
                + " deleted %.2f%n", emptyReceives, counters.perMessage("sqs.messagesSent") + snsToSqs,
                counters.perMessage("sqs.messagesReceived"), counters.perMessage("sqs.messagesDeleted"));

        var invocations = perMessage(counters.group("lambda.invocations."), messages);
        var averageMillis = new TreeMap<String, Double>();
        counters.group("lambda.billedMillis.").forEach((function, millis) -> averageMillis.put(shortName(function),
                millis / counters.get("lambda.invocations." + function)));
        out.println("    Lambda    invocations: " + joined(invocations, "%.2f"));
        out.println("              billed GB-s: " + joined(perMessage(counters.group("lambda.gbSeconds."), messages), "%.4f")
                + "; average billed ms (measured here): " + joined(averageMillis, "%.0f"));

        var received = counters.perMessage("apigateway.messagesReceived");
        var responses = counters.perMessage("apigateway.routeResponses");
        var posts = counters.perMessage("apigateway.posts");
        out.printf(Locale.ROOT, "    API Gateway  messages received %.2f, route responses %.2f, @connections posts %.2f (%.2f to gone"
                + " connections)%n", received, responses, posts, counters.perMessage("apigateway.postsGone"));

        var lambdaRequests = counters.sum("lambda.invocations.") / messages;
        var gbSeconds = counters.sum("lambda.gbSeconds.") / messages;
        var sqsRequests = counters.sum("sqs.requests.") / messages - emptyReceives + snsToSqs;
        var apiMessages = received + responses + posts;
        var million = 1e6;
        var dynamoDbCost = million * (readUnits * Prices.DYNAMODB_READ_UNIT + writeUnits * Prices.DYNAMODB_WRITE_UNIT);
        var requestCost = million * lambdaRequests * Prices.LAMBDA_REQUEST;
        var durationCost = million * gbSeconds * Prices.LAMBDA_ARM_GB_SECOND;
        var sqsCost = million * sqsRequests * Prices.SQS_REQUEST;
        var snsCost = million * (publishes * Prices.SNS_PUBLISH + pushes * (Prices.SNS_PUBLISH + Prices.SNS_MOBILE_PUSH));
        var apiGatewayCost = million * apiMessages * Prices.API_GATEWAY_MESSAGE;
        var total = dynamoDbCost + requestCost + durationCost + sqsCost + snsCost + apiGatewayCost;
        out.printf(Locale.ROOT, "  dollars per million messages, us-east-1 list prices as of %s:%n", Prices.AS_OF);
        out.printf(Locale.ROOT, "    DynamoDB     %9s  %.2f RRU × %s + %.2f WRU × %s (on demand)%n", dollars(dynamoDbCost), readUnits,
                perMillion(Prices.DYNAMODB_READ_UNIT), writeUnits, perMillion(Prices.DYNAMODB_WRITE_UNIT));
        out.printf(Locale.ROOT, "    Lambda       %9s  %.2f requests × %s = %s, %.4f GB-s × $%.10f/GB-s (arm64) = %s; durations are this"
                        + " machine's%n", dollars(requestCost + durationCost), lambdaRequests, perMillion(Prices.LAMBDA_REQUEST),
                dollars(requestCost), gbSeconds, Prices.LAMBDA_ARM_GB_SECOND, dollars(durationCost));
        out.printf(Locale.ROOT, "    API Gateway  %9s  %.2f messages × %s; connection-minutes (%s) are paid per connected user, not per"
                + " message%n", dollars(apiGatewayCost), apiMessages, perMillion(Prices.API_GATEWAY_MESSAGE),
                perMillion(Prices.API_GATEWAY_CONNECTION_MINUTE));
        out.printf(Locale.ROOT, "    SQS          %9s  %.2f requests × %s (SNS's deliveries counted as SendMessage, empty receives left"
                + " out)%n", dollars(sqsCost), sqsRequests, perMillion(Prices.SQS_REQUEST));
        out.printf(Locale.ROOT, "    SNS          %9s  %.2f publishes × %s; deliveries to SQS and Lambda are free%n", dollars(snsCost),
                publishes + pushes, perMillion(Prices.SNS_PUBLISH));
        if (invocations.containsKey("Sweep")) {
            out.println("  note: the scheduled sweep ran during the send phase; its requests are included");
        }
        out.printf(Locale.ROOT, "cost: %s per million messages in a channel of %d members, %d online (DynamoDB %s, Lambda %s,"
                        + " API Gateway %s, SQS %s, SNS %s); per message %.1f DynamoDB requests (%.1f RRU, %.1f WRU), %.1f Lambda"
                        + " invocations, %.1f @connections posts, %.1f SQS requests — list prices as of %s%n", dollars(total), members,
                online, dollars(dynamoDbCost), dollars(requestCost + durationCost), dollars(apiGatewayCost), dollars(sqsCost),
                dollars(snsCost), requests, readUnits, writeUnits, lambdaRequests, posts, sqsRequests, Prices.AS_OF);
    }

    private static String dollars(double amount) {
        return String.format(Locale.ROOT, "$%.2f", amount);
    }

    /** A unit price as {@code $0.125/M}. */
    private static String perMillion(double unitPrice) {
        var text = String.format(Locale.ROOT, "$%.3f", unitPrice * 1e6);
        return (text.endsWith("0") ? text.substring(0, text.length() - 1) : text) + "/M";
    }

    /** Counters divided by the number of messages, under their short names. */
    private static Map<String, Double> perMessage(Map<String, Double> counters, int messages) {
        var values = new TreeMap<String, Double>();
        counters.forEach((name, value) -> values.merge(shortName(name), value / messages, Double::sum));
        return values;
    }

    static String shortName(String physicalName) {
        var matcher = PHYSICAL_NAME.matcher(physicalName);
        return matcher.matches() ? matcher.group(1) : physicalName;
    }

    private static String joined(Map<String, Double> values, String format) {
        if (values.isEmpty()) {
            return "none";
        }
        var parts = new ArrayList<String>();
        values.forEach((name, value) -> parts.add(name + " " + String.format(Locale.ROOT, format, value)));
        return String.join(", ", parts);
    }

    /** The counters of {@code GET /dev/counters}, read by name or by prefix. */
    private record Counters(JsonNode values, int messages) {
        double get(String name) {
            return values.path(name).asDouble(0);
        }

        double perMessage(String name) {
            return get(name) / messages;
        }

        double sum(String prefix) {
            return group(prefix).values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /** Counters starting with {@code prefix}, by the rest of their name. */
        Map<String, Double> group(String prefix) {
            var found = new HashMap<String, Double>();
            values.properties().forEach(entry -> {
                if (entry.getKey().startsWith(prefix)) {
                    found.put(entry.getKey().substring(prefix.length()), entry.getValue().asDouble());
                }
            });
            return found;
        }
    }
}
