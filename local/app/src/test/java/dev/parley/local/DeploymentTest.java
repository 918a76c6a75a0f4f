package dev.parley.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.local.events.Schedules;
import dev.parley.local.template.TemplateException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeploymentTest {

    @Test
    void functionName_whenGivenArnsAliasesOrNames_findsTheFunction() {
        assertThat(Deployment.functionName("arn:aws:lambda:us-east-1:000000000000:function:ParleyStateless-Connect:live"))
                .isEqualTo("ParleyStateless-Connect");
        assertThat(Deployment.functionName("ParleyStateless-Fanout:live")).isEqualTo("ParleyStateless-Fanout");
        assertThat(Deployment.functionName("ParleyStateless-Fanout")).isEqualTo("ParleyStateless-Fanout");
    }

    @Test
    void functionOfUri_whenGivenAnIntegrationUri_findsTheFunction() {
        assertThat(Deployment.functionOfUri("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                + "arn:aws:lambda:us-east-1:000000000000:function:ParleyStateless-Channels:live/invocations"))
                .isEqualTo("ParleyStateless-Channels");
        assertThatThrownBy(() -> Deployment.functionOfUri("arn:aws:apigateway:us-east-1:sqs:path/queue"))
                .isInstanceOf(TemplateException.class);
    }

    @Test
    void period_whenTheScheduleIsARate_isItsDuration() {
        assertThat(Schedules.period("rate(5 minutes)")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Schedules.period("rate(1 hour)")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> Schedules.period("cron(0 12 * * ? *)")).isInstanceOf(TemplateException.class);
    }

    @Test
    void select_whenTheActionHasNoRoute_fallsBackToDefault() {
        var route = new ApiModel.Route("sendMessage", null, true, false);
        var fallback = new ApiModel.Route("$default", null, true, false);
        var connect = new ApiModel.Route("$connect", null, false, true);
        var api = new ApiModel("api", "local", "$request.body.action", java.util.Map.of("sendMessage", route, "$default", fallback,
                "$connect", connect), null);

        assertThat(api.select("sendMessage")).isSameAs(route);
        assertThat(api.select("teleport")).isSameAs(fallback);
        assertThat(api.select(null)).isSameAs(fallback);
        assertThat(api.select("$connect")).isSameAs(fallback);
    }
}
