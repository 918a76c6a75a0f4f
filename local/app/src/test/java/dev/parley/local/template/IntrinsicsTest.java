package dev.parley.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class IntrinsicsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Intrinsics intrinsics = new Intrinsics("us-east-1", "000000000000",
            (stack, id) -> "ref(" + stack + "/" + id + ")", parts -> "att(" + parts[1] + "." + parts[2] + ")");

    private String resolve(String json) throws Exception {
        return intrinsics.resolveText("Stack", MAPPER.readTree(json));
    }

    @Test
    void resolve_whenGivenEachSupportedIntrinsic_producesTheLocalValue() throws Exception {
        intrinsics.export("Other:Exported", "exported-value");

        assertThat(resolve("{\"Ref\":\"Table\"}")).isEqualTo("ref(Stack/Table)");
        assertThat(resolve("{\"Ref\":\"AWS::Region\"}")).isEqualTo("us-east-1");
        assertThat(resolve("{\"Fn::GetAtt\":[\"Queue\",\"Arn\"]}")).isEqualTo("att(Queue.Arn)");
        assertThat(resolve("{\"Fn::Join\":[\"/\",[\"a\",{\"Ref\":\"AWS::AccountId\"},\"b\"]]}")).isEqualTo("a/000000000000/b");
        assertThat(resolve("{\"Fn::Sub\":\"arn:${AWS::Partition}:x:${AWS::Region}:${Fn.Arn}/${Thing}\"}"))
                .isEqualTo("arn:aws:x:us-east-1:att(Fn.Arn)/ref(Stack/Thing)");
        assertThat(resolve("{\"Fn::Sub\":[\"${A}-${AWS::URLSuffix}\",{\"A\":{\"Ref\":\"X\"}}]}")).isEqualTo("ref(Stack/X)-amazonaws.com");
        assertThat(resolve("{\"Fn::Select\":[1,{\"Fn::Split\":[\":\",\"a:b:c\"]}]}")).isEqualTo("b");
        assertThat(resolve("{\"Fn::ImportValue\":\"Other:Exported\"}")).isEqualTo("exported-value");
    }

    @Test
    void resolve_whenAStackReadsAnotherStacksOutput_resolvesItInTheProducingStack() throws Exception {
        intrinsics.output("Producer", "TableArn", MAPPER.readTree("{\"Fn::GetAtt\":[\"Table\",\"Arn\"]}"));
        intrinsics.output("Producer", "Name", MAPPER.readTree("{\"Ref\":\"Table\"}"));

        assertThat(resolve("{\"Fn::GetStackOutput\":{\"StackName\":\"Producer\",\"Region\":{\"Ref\":\"AWS::Region\"},"
                + "\"OutputName\":\"TableArn\"}}")).isEqualTo("att(Table.Arn)");
        assertThat(resolve("{\"Fn::GetStackOutput\":{\"StackName\":\"Producer\",\"OutputName\":\"Name\"}}"))
                .isEqualTo("ref(Producer/Table)");
        assertThatThrownBy(() -> resolve("{\"Fn::GetStackOutput\":{\"StackName\":\"Producer\",\"OutputName\":\"Missing\"}}"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("Missing");
        assertThatThrownBy(() -> resolve("{\"Fn::GetStackOutput\":{\"StackName\":\"Producer\",\"Region\":\"eu-west-1\","
                + "\"OutputName\":\"Name\"}}")).isInstanceOf(TemplateException.class).hasMessageContaining("eu-west-1");
    }

    @Test
    void resolve_whenNested_resolvesInsideObjectsAndArrays() throws Exception {
        var resolved = intrinsics.resolve("Stack", MAPPER.readTree("{\"deadLetterTargetArn\":{\"Fn::GetAtt\":[\"Dlq\",\"Arn\"]},"
                + "\"maxReceiveCount\":5,\"list\":[{\"Ref\":\"A\"},\"plain\"]}"));

        assertThat(resolved.get("deadLetterTargetArn").asText()).isEqualTo("att(Dlq.Arn)");
        assertThat(resolved.get("maxReceiveCount").asInt()).isEqualTo(5);
        assertThat(resolved.get("list").get(0).asText()).isEqualTo("ref(Stack/A)");
    }

    @Test
    void resolve_whenTheIntrinsicIsUnsupportedOrTheImportMissing_namesIt() {
        assertThatThrownBy(() -> resolve("{\"Fn::If\":[\"C\",\"a\",\"b\"]}")).isInstanceOf(TemplateException.class)
                .hasMessageContaining("Fn::If");
        assertThatThrownBy(() -> resolve("{\"Fn::ImportValue\":\"Nobody:Exports\"}")).isInstanceOf(TemplateException.class)
                .hasMessageContaining("Nobody:Exports");
    }
}
