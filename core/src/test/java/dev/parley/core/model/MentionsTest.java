package dev.parley.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MentionsTest {

    @Test
    void inText_whenTextHoldsTokens_findsEachUserOnceInOrder() {
        var mentions = Mentions.inText("<@2f1c-9a> and <@bob>: see <@2f1c-9a>");

        assertThat(mentions).isEqualTo(new Mentions(List.of("2f1c-9a", "bob"), false, false));
    }

    @Test
    void inText_whenTextNamesUsersWithoutTokens_findsNothing() {
        var mentions = Mentions.inText("@bob, mail@x.org, <bob>, <@>, <@ bob>, <@a#b>, <!everyone>, @here, @channel");

        assertThat(mentions.isEmpty()).isTrue();
    }

    @Test
    void inText_whenTextCallsOnEveryone_setsTheFlags() {
        assertThat(Mentions.inText("<!here> lunch")).isEqualTo(new Mentions(List.of(), true, false));
        assertThat(Mentions.inText("<!channel> <@al> <!here>")).isEqualTo(new Mentions(List.of("al"), true, true));
    }

    @Test
    void inText_whenAnIdIsLongerThanAUserId_findsNothing() {
        assertThat(Mentions.inText("<@" + "x".repeat(129) + ">").isEmpty()).isTrue();
        assertThat(Mentions.inText("<@" + "x".repeat(128) + ">").userIds()).hasSize(1);
    }
}
