package dev.parley.local.engines;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class DynamoDbEngineIT {

    private final Engines engines = Engines.shared();

    @Test
    void putItem_whenTableCreated_getItemReturnsIt() {
        try (DynamoDbClient dynamoDb = TestClients.dynamoDb(engines)) {
            dynamoDb.createTable(b -> b.tableName("Connections")
                    .attributeDefinitions(AttributeDefinition.builder()
                            .attributeName("connectionId").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("connectionId").keyType(KeyType.HASH).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST));

            dynamoDb.putItem(b -> b.tableName("Connections").item(Map.of(
                    "connectionId", AttributeValue.fromS("c-1"),
                    "userId", AttributeValue.fromS("alice"))));
            GetItemResponse item = dynamoDb.getItem(b -> b.tableName("Connections")
                    .key(Map.of("connectionId", AttributeValue.fromS("c-1"))));

            assertThat(item.item()).containsEntry("userId", AttributeValue.fromS("alice"));
        }
    }
}
