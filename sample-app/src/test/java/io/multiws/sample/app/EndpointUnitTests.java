package io.multiws.sample.app;

import java.time.Duration;
import java.util.Map;

import io.multiws.sample.echo.EchoEndpoint;
import io.multiws.sample.poll.PollEndpoint.Tally;
import io.multiws.sample.poll.PollEndpoint.Vote;
import io.multiws.sample.poll.PollEndpoint;
import io.multiws.sample.rooms.RoomEndpoint;
import io.multiws.test.WsEndpointTester;
import io.multiws.test.WsTestSession;
import org.junit.jupiter.api.Test;

import static io.multiws.test.WsAssertions.assertThat;

/**
 * The sample's endpoints in plain unit tests, without a server, with the in-process
 * {@link WsEndpointTester} of {@code multi-ws-spring-boot-starter-test}.
 *
 * @author multi-ws team
 */
class EndpointUnitTests {

	@Test
	void echoRepliesToItsSenderOnly() {
		try (WsEndpointTester tester = WsEndpointTester.of(new EchoEndpoint())) {
			WsTestSession alice = tester.join("/echo/1");
			WsTestSession bob = tester.join("/echo/1");
			alice.sendText("hello");
			assertThat(alice).receivedText().isEqualTo("hello");
			assertThat(bob).receivesNothingWithin(Duration.ofMillis(50));
		}
	}

	@Test
	void roomBroadcastsToItsOwnHub() {
		try (WsEndpointTester tester = WsEndpointTester.of(new RoomEndpoint())) {
			WsTestSession alice = tester.join("/rooms/a");
			WsTestSession bob = tester.join("/rooms/a");
			WsTestSession carol = tester.join("/rooms/b");
			alice.sendText("hi");
			assertThat(tester.broadcasts("/rooms/a")).receivedText().isEqualTo("hi");
			assertThat(bob).receivedText().isEqualTo("hi");
			assertThat(carol).receivesNothingWithin(Duration.ofMillis(50));
			assertThat(tester.hubs()).hub("/rooms/a").hasSessions(2);
		}
	}

	@Test
	void pollCountsVotesPerPoll() {
		try (WsEndpointTester tester = WsEndpointTester.of(new PollEndpoint())) {
			WsTestSession voter = tester.join("/polls/lunch");
			assertThat(voter).receivedJson(Tally.class).isEqualTo(new Tally("lunch", Map.of()));
			voter.sendJson(new Vote("pizza")).sendJson(new Vote("pizza")).sendJson(new Vote("salad"));
			assertThat(tester.broadcasts("/polls/lunch")).receivedTexts(2).hasSize(2);
			assertThat(tester.broadcasts("/polls/lunch")).receivedJson(Tally.class)
				.isEqualTo(new Tally("lunch", Map.of("pizza", 2, "salad", 1)));
			WsTestSession other = tester.join("/polls/dinner");
			assertThat(other).receivedJson(Tally.class).isEqualTo(new Tally("dinner", Map.of()));
		}
	}

}
