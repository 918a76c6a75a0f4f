package dev.parley.local.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class TemplateTablesTest {

    private static final String TEMPLATE = """
            {"Resources": {
              "Dedup1234": {"Type": "AWS::DynamoDB::Table", "Metadata": {"note": "kept"}, "Properties": {
                "AttributeDefinitions": [{"AttributeName": "dedupKey", "AttributeType": "S"},
                                         {"AttributeName": "pendingShard", "AttributeType": "S"},
                                         {"AttributeName": "pendingSince", "AttributeType": "N"}],
                "BillingMode": "PAY_PER_REQUEST",
                "KeySchema": [{"AttributeName": "dedupKey", "KeyType": "HASH"}],
                "GlobalSecondaryIndexes": [{"IndexName": "byPendingPublish",
                  "KeySchema": [{"AttributeName": "pendingShard", "KeyType": "HASH"},
                                {"AttributeName": "pendingSince", "KeyType": "RANGE"}],
                  "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["seq"]}}],
                "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": true},
                "SSESpecification": {"SSEEnabled": true},
                "TimeToLiveSpecification": {"AttributeName": "expiresAt", "Enabled": true}}},
              "Bucket": {"Type": "AWS::S3::Bucket"}
            }}
            """;

    private static JsonNode template() throws Exception {
        return new ObjectMapper().readTree(TEMPLATE);
    }

    @Test
    void of_whenTemplateHasOtherResources_returnsTheTablesOnly() throws Exception {
        var tables = TemplateTables.of(template());

        assertThat(tables).extracting(TemplateTables.Table::logicalId).containsExactly("Dedup1234");
        assertThat(tables.getFirst().metadata().path("note").asText()).isEqualTo("kept");
    }

    @Test
    void request_whenTableHasIndexAndTypes_keepsKeysAttributesAndProjection() throws Exception {
        var request = TemplateTables.request("t-Dedup", TemplateTables.of(template()).getFirst().properties());

        assertThat(request.tableName()).isEqualTo("t-Dedup");
        assertThat(request.keySchema()).singleElement().satisfies(key -> {
            assertThat(key.attributeName()).isEqualTo("dedupKey");
            assertThat(key.keyType()).isEqualTo(KeyType.HASH);
        });
        assertThat(request.attributeDefinitions()).anySatisfy(attribute -> {
            assertThat(attribute.attributeName()).isEqualTo("pendingSince");
            assertThat(attribute.attributeType()).isEqualTo(ScalarAttributeType.N);
        });
        assertThat(request.globalSecondaryIndexes()).singleElement().satisfies(index -> {
            assertThat(index.indexName()).isEqualTo("byPendingPublish");
            assertThat(index.keySchema()).extracting(k -> k.keyType()).containsExactly(KeyType.HASH, KeyType.RANGE);
            assertThat(index.projection().projectionType()).isEqualTo(ProjectionType.INCLUDE);
            assertThat(index.projection().nonKeyAttributes()).containsExactly("seq");
        });
    }

    @Test
    void request_whenTableHasAPropertyWithoutLocalTranslation_throwsNamingIt() throws Exception {
        var properties = (ObjectNode) TemplateTables.of(template()).getFirst().properties();
        properties.putObject("StreamSpecification").put("StreamViewType", "NEW_IMAGE");

        assertThatThrownBy(() -> TemplateTables.request("t-Dedup", properties))
                .isInstanceOf(EngineException.class).hasMessageContaining("StreamSpecification");
    }
}
