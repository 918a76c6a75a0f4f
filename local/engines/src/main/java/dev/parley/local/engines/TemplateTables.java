package dev.parley.local.engines;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * DynamoDB tables as a CloudFormation template declares them ({@code AWS::DynamoDB::Table}), created on any DynamoDB
 * endpoint under a name the caller chooses. Parley Local and the integration tests create their tables this way, so the
 * CDK stack that synthesizes the template is the only definition of keys, indexes and TTL.
 */
public final class TemplateTables {

    public static final String TYPE = "AWS::DynamoDB::Table";

    /** Properties translated into the table's creation. */
    private static final Set<String> TRANSLATED = Set.of("TableName", "KeySchema", "AttributeDefinitions", "GlobalSecondaryIndexes",
            "TimeToLiveSpecification");
    /** Properties with no local meaning: every local table is on-demand, unencrypted and without backups. */
    private static final Set<String> NO_LOCAL_MEANING = Set.of("BillingMode", "PointInTimeRecoverySpecification", "SSESpecification",
            "DeletionProtectionEnabled", "Tags", "ContributorInsightsSpecification", "TableClass");

    /** One table resource of a template. */
    public record Table(String logicalId, JsonNode properties, JsonNode metadata) {
    }

    private TemplateTables() {
    }

    /** Every table of a template, in the template's order. */
    public static List<Table> of(JsonNode template) {
        var tables = new ArrayList<Table>();
        template.path("Resources").properties().forEach(entry -> {
            if (TYPE.equals(entry.getValue().path("Type").asText())) {
                tables.add(new Table(entry.getKey(), entry.getValue().path("Properties"), entry.getValue().path("Metadata")));
            }
        });
        return List.copyOf(tables);
    }

    /**
     * Creates the table with its indexes and turns on its TTL. A table of that name that exists already (kept by a
     * persistent engine, or created by an attempt the SDK retried) is completed rather than refused.
     */
    public static void create(DynamoDbClient dynamoDb, String name, JsonNode properties) {
        var request = request(name, properties);
        try {
            dynamoDb.createTable(request);
        } catch (ResourceInUseException e) {
            dynamoDb.waiter().waitUntilTableExists(r -> r.tableName(name));
        }
        var ttl = properties.path("TimeToLiveSpecification");
        if (ttl.path("Enabled").asBoolean(false) && !ttlEnabled(dynamoDb, name)) {
            dynamoDb.updateTimeToLive(r -> r.tableName(name).timeToLiveSpecification(t -> t.enabled(true)
                    .attributeName(ttl.path("AttributeName").asText())));
        }
    }

    /** The request that creates a table with these CloudFormation properties; refuses what it cannot make locally. */
    public static CreateTableRequest request(String name, JsonNode properties) {
        properties.properties().forEach(property -> {
            if (!TRANSLATED.contains(property.getKey()) && !NO_LOCAL_MEANING.contains(property.getKey())) {
                throw new EngineException("cannot create table " + name + " locally: it has " + property.getKey());
            }
        });
        var attributes = new ArrayList<AttributeDefinition>();
        properties.path("AttributeDefinitions").forEach(a -> attributes.add(AttributeDefinition.builder()
                .attributeName(a.path("AttributeName").asText()).attributeType(a.path("AttributeType").asText()).build()));
        var request = CreateTableRequest.builder().tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(keys(properties.path("KeySchema"))).attributeDefinitions(attributes);
        var indexes = new ArrayList<GlobalSecondaryIndex>();
        properties.path("GlobalSecondaryIndexes").forEach(index -> {
            var projection = Projection.builder().projectionType(index.path("Projection").path("ProjectionType").asText("ALL"));
            var nonKey = new ArrayList<String>();
            index.path("Projection").path("NonKeyAttributes").forEach(attribute -> nonKey.add(attribute.asText()));
            if (!nonKey.isEmpty()) {
                projection.nonKeyAttributes(nonKey);
            }
            indexes.add(GlobalSecondaryIndex.builder().indexName(index.path("IndexName").asText())
                    .keySchema(keys(index.path("KeySchema"))).projection(projection.build()).build());
        });
        if (!indexes.isEmpty()) {
            request.globalSecondaryIndexes(indexes);
        }
        return request.build();
    }

    private static boolean ttlEnabled(DynamoDbClient dynamoDb, String name) {
        var status = dynamoDb.describeTimeToLive(r -> r.tableName(name)).timeToLiveDescription().timeToLiveStatus();
        return status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING;
    }

    private static List<KeySchemaElement> keys(JsonNode schema) {
        var keys = new ArrayList<KeySchemaElement>();
        schema.forEach(k -> keys.add(KeySchemaElement.builder().attributeName(k.path("AttributeName").asText())
                .keyType(k.path("KeyType").asText()).build()));
        return keys;
    }
}
