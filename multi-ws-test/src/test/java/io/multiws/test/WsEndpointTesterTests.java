package io.multiws.test;

import java.time.Duration;

import io.multiws.annotation.OnMessage;
import io.multiws.annotation.WsEndpoint;
import io.multiws.core.InvalidWsEndpointException;
import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsPresenceMember;
import io.multiws.test.TestEndpoints.Echo;
import io.multiws.test.TestEndpoints.Lobby;
import io.multiws.test.TestEndpoints.Order;
import io.multiws.test.TestEndpoints.Quote;
import io.multiws.test.TestEndpoints.Quotes;
import io.multiws.test.TestEndpoints.Rooms;
import org.junit.jupiter.api.Test;

import static io.multiws.test.WsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link WsEndpointTester}.
 *
 * @author multi-ws team
 */
class WsEndpointTesterTests {

	@Test
	void repliesGoToTheSenderOnly() {
		try (WsEndpointTester tester = WsEndpointTester.of(new Echo())) {
			WsTestSession alice = tester.join("/echo/1");
			WsTestSession bob = tester.join("/echo/1");
			alice.sendText("hello").sendBinary(new byte[] { 1, 2 });
			assertThat(alice).receivedText().isEqualTo("hello");
			assertThat(alice).receivedBinary().containsExactly(1, 2);
			assertThat(bob).receivesNothingWithin(Duration.ofMillis(20));
			assertThat(tester.broadcasts("/echo/1")).receivesNothingWithin(Duration.ofMillis(20));
		}
	}

	@Test
	void broadcastsAreRecordedPerHubAndDeliveredToItsSessions() {
		Rooms rooms = new Rooms();
		try (WsEndpointTester tester = WsEndpointTester.of(rooms)) {
			WsTestSession alice = tester.join("/rooms/a");
			WsTestSession bob = tester.join("/rooms/a");
			WsTestSession carol = tester.join("/rooms/b");
			assertThat(alice).receivedText().isEqualTo("welcome to a");
			assertThat(bob).receivedText().isEqualTo("welcome to a");
			assertThat(carol).receivedText().isEqualTo("welcome to b");
			alice.sendText("hi");
			assertThat(tester.broadcasts("/rooms/a")).receivedText().isEqualTo("hi");
			assertThat(bob).receivedText().isEqualTo("hi");
			assertThat(alice).receivesNothingWithin(Duration.ofMillis(20));
			assertThat(carol).receivesNothingWithin(Duration.ofMillis(20));
			assertThat(tester.hubs()).hub("/rooms/a").hasSessions(2).belongsTo("rooms").hasVariable("room", "a");
			alice.close();
			assertThat(tester.hubs()).hub("/rooms/a").hasSessions(1);
			assertThat(rooms.closed).hasValue(1);
		}
		assertThat(rooms.closed).as("sessions left open are closed with the tester").hasValue(3);
	}

	@Test
	void appliesTheApplicationsConfigurationOfTheEndpointsUnderTest() {
		try (WsEndpointTester tester = WsEndpointTester.builder().endpoint(new Lobby()).profiles("tester").build()) {
			WsTestSession alice = tester.path("/lobby/a").principal(() -> "alice").join();
			assertThat(alice).receivedPresenceState().containsOnlyKeys("alice");
			alice.sendText("e1");
			WsMessage e1 = alice.awaitMessage();
			assertThat(e1).hasPayload("e1").hasIdGreaterThan(0);
			alice.sendText("e2");
			assertThat(alice).receivedMessage().hasPayload("e2").hasId(e1.id() + 1);
			assertThat(tester.broadcasts("/lobby/a")).as("what the endpoint broadcast, without ids")
				.receivedTexts(2)
				.containsExactly("e1", "e2");
			WsTestSession bob = tester.path("/lobby/a").principal(() -> "bob").join();
			assertThat(bob).receivedPayloads(2).containsExactly("e1", "e2");
			assertThat(bob).seesPresence().containsOnlyKeys("alice", "bob");
			assertThat(alice).receivedPresenceJoin("bob");
			assertThat(tester.hubs()).hub("/lobby/a").history().hasPayloads("e1", "e2");
			assertThat(tester.hubs()).hub("/lobby/a").presence().containsOnlyKeys("alice", "bob");
		}
	}

	@Test
	void aPeerSeesWhoIsHereFromItsStateAndTheDiffsThatFollowIt() {
		try (WsEndpointTester tester = WsEndpointTester.builder().endpoint(new Lobby()).profiles("tester").build()) {
			WsTestSession alice = tester.path("/lobby/b").principal(() -> "alice").join();
			WsTestSession bob = tester.path("/lobby/b").principal(() -> "bob").join();
			WsTestSession carol = tester.path("/lobby/b").principal(() -> "carol").join();
			assertThat(alice).receivedPresenceState().containsOnlyKeys("alice");
			for (WsTestSession peer : new WsTestSession[] { alice, bob, carol }) {
				assertThat(peer).seesPresence().containsOnlyKeys("alice", "bob", "carol");
			}
			assertThat(alice).receivedPresenceJoin("carol");
			carol.close();
			assertThat(alice).receivedPresenceLeave("carol");
			assertThat(alice).seesPresence().containsOnlyKeys("alice", "bob");
			assertThat(bob).seesPresence().doesNotContainKeys("carol").hasSize(2);
		}
	}

	@Test
	void aWaitForAPresenceChangeThatDoesNotComeSaysWhatCameInstead() {
		try (WsEndpointTester tester = WsEndpointTester.builder()
			.endpoint(new Lobby())
			.profiles("tester")
			.timeout(Duration.ofMillis(600))
			.build()) {
			WsTestSession alice = tester.path("/lobby/c").principal(() -> "alice").join();
			tester.path("/lobby/c").principal(() -> "bob").join();
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> assertThat(alice).receivedPresenceLeave("bob"))
				.withMessageContaining("Expected a presence diff with 'bob' leaving on WsTestSession test-1 on /lobby/c")
				.withMessageContaining("presence state [alice]");
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> assertThat(alice).seesPresence().containsOnlyKeys("alice"))
				.withMessageContaining("Expected the presence seen by WsTestSession test-1 on /lobby/c to contain only [alice]");
		}
	}

	@Test
	void aSessionWithoutAPrincipalSeesNoPresenceByDefaultAndTheFailureNamesTheProperty() {
		try (WsEndpointTester tester = WsEndpointTester.builder()
			.endpoint(new Lobby())
			.profiles("tester")
			.timeout(Duration.ofMillis(300))
			.build()) {
			WsTestSession anonymous = tester.join("/lobby/d");
			assertThat(tester.hubs()).hub("/lobby/d").presence().hasSize(1);
			assertThatExceptionOfType(AssertionError.class).isThrownBy(anonymous::awaitPresence)
				.withMessageContaining("multi-ws.endpoints.lobby.presence.anonymous-view is none");
			assertThat(anonymous.presence()).isEmpty();
		}
	}

	@Test
	void aSessionWithoutAPrincipalSeesOnlyKeysWithTheKeysView() {
		try (WsEndpointTester tester = WsEndpointTester.builder()
			.endpoint(new Lobby())
			.profiles("tester")
			.properties("multi-ws.endpoints.lobby.presence.anonymous-view=keys")
			.build()) {
			WsTestSession anonymous = tester.join("/lobby/e");
			assertThat(anonymous).receivedPresenceState().hasSize(1);
			WsTestSession bob = tester.path("/lobby/e").principal(() -> "bob").join();
			assertThat(anonymous).receivedPresenceJoin("bob").isEmpty();
			assertThat(anonymous).as("keys only, without the session count")
				.seesPresence()
				.member("bob")
				.extracting(WsPresenceMember::sessions)
				.isEqualTo(0);
			assertThat(bob).seesPresence().member("bob").extracting(WsPresenceMember::sessions).isEqualTo(1);
		}
	}

	@Test
	void historyAndPresenceAssertionsNameThePropertyToSet() {
		try (WsEndpointTester tester = WsEndpointTester.of(new Echo())) {
			tester.join("/echo/1");
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> assertThat(tester.hubs()).hub("/echo/1").history().hasSize(1))
				.withMessageContaining("multi-ws.endpoints.<name>.history.size");
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> assertThat(tester.hubs()).hub("/echo/1").presence().hasSize(1))
				.withMessageContaining("presence.enabled");
		}
	}

	@Test
	void presenceAssertionsCountEachMembersSessions() {
		try (WsEndpointTester tester = WsEndpointTester.builder().endpoint(new Lobby()).profiles("tester").build()) {
			tester.path("/lobby/a").principal(() -> "alice").join();
			tester.path("/lobby/a").principal(() -> "alice").join();
			tester.path("/lobby/a").principal(() -> "bob").join().close();
			assertThat(tester.hubs()).hub("/lobby/a").presence().containsOnlyKeys("alice").hasSize(1);
			assertThat(tester.hubs()).hub("/lobby/a").presence().member("alice").extracting(WsPresenceMember::sessions)
				.isEqualTo(2);
			assertThat(tester.hubs()).hub("/lobby/a").presence().doesNotContainKeys("bob");
		}
	}

	@Test
	void theBuildersPropertiesGoOverTheApplicationsConfiguration() {
		try (WsEndpointTester tester = WsEndpointTester.builder()
			.endpoint(new Lobby())
			.profiles("tester")
			.properties("multi-ws.endpoints.lobby.history.message-ids=false")
			.build()) {
			WsTestSession alice = tester.join("/lobby/a");
			alice.sendText("e1");
			assertThat(alice).receivedMessage().hasPayload("e1").hasNoId();
			assertThat(tester.hubs()).hub("/lobby/a").history().hasSize(1);
		}
	}

	@Test
	void withoutTheApplicationsConfigurationEndpointsGetTheDefaults() {
		try (WsEndpointTester tester = WsEndpointTester.builder()
			.endpoint(new Lobby())
			.profiles("tester")
			.withoutApplicationConfiguration()
			.build()) {
			WsTestSession alice = tester.join("/lobby/a");
			alice.sendText("e1");
			assertThat(alice).receivedText().isEqualTo("e1");
			assertThat(tester.hubs().find("/lobby/a").orElseThrow().history().isEnabled()).isFalse();
		}
	}

	@Test
	void jsonInAndOutWithAsyncFeedCancelledOnClose() {
		Quotes quotes = new Quotes();
		try (WsEndpointTester tester = WsEndpointTester.of(quotes)) {
			WsTestSession session = tester.join("/quotes/ACME");
			assertThat(session.awaitJson(Quote.class)).isEqualTo(new Quote("ACME", 100));
			assertThat(session.awaitJson(Quote.class)).isEqualTo(new Quote("ACME", 101));
			session.close();
			assertThat(quotes.cancelled).hasValue(1);
			WsTestSession trader = tester.join("/quotes/XYZ");
			trader.sendJson(new Order("XYZ", 42));
			assertThat(tester.broadcasts("/quotes/XYZ")).receivedJson(Quote.class).isEqualTo(new Quote("XYZ", 42));
			trader.sendText("not an order");
			assertThat(trader.received()).contains("bad order");
		}
		assertThat(quotes.cancelled).hasValue(2);
	}

	@Test
	void failingCallbackClosesTheSessionWith1011() {
		try (WsEndpointTester tester = WsEndpointTester.of(new Echo())) {
			WsTestSession session = tester.join("/echo/1");
			session.sendText("close");
			assertThat(session).isClosedWith(1011);
			assertThat(session.isOpen()).isFalse();
			assertThat(tester.hubs()).hasNoHub("/echo/1");
		}
	}

	@Test
	void sessionsPollAndAwaitTheCloseAsConnectionsDo() {
		try (WsEndpointTester tester = WsEndpointTester.of(new Echo())) {
			WsTestSession session = tester.join("/echo/1");
			assertThat(session.poll(Duration.ofMillis(20))).isNull();
			session.sendText("one");
			assertThat(session.poll(Duration.ofMillis(20))).isEqualTo("one");
			assertThat(session.closesWithin(Duration.ofMillis(20))).isFalse();
			session.sendText("close");
			assertThat(session.closesWithin(Duration.ofSeconds(10))).isTrue();
			assertThat(session.awaitCloseStatus())
				.isEqualTo(new WsCloseStatus(1011, "Internal error in endpoint callback"));
		}
	}

	@Test
	void failedAsyncResultGoesToOnErrorWhoseOwnFailureClosesWith1011() {
		try (WsEndpointTester tester = WsEndpointTester.of(new TestEndpoints.Failing())) {
			WsTestSession session = tester.join("/failing");
			session.sendText("once");
			assertThat(session).receivedText().isEqualTo("handled once");
			session.sendText("twice");
			assertThat(session).isClosedWith(1011);
			assertThat(session.closeReason()).isEqualTo("Internal error in endpoint callback");
		}
	}

	@Test
	void failureMessagesSayWhatDidArrive() {
		try (WsEndpointTester tester = WsEndpointTester.builder()
			.endpoint(new Echo())
			.timeout(Duration.ofMillis(50))
			.build()) {
			WsTestSession session = tester.join("/echo/1");
			session.sendText("first");
			assertThatExceptionOfType(AssertionError.class).isThrownBy(session::awaitBinary)
				.withMessage("Expected a binary message on /echo/1 but got text 'first'");
			assertThatExceptionOfType(AssertionError.class).isThrownBy(session::awaitText)
				.withMessage("Expected a text message on /echo/1 within PT0.05S but none came; "
						+ "received before: [text 'first']; still open");
			session.sendText("second");
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> assertThat(session).receivesNothingWithin(Duration.ofMillis(20)))
				.withMessage("Expected no message on /echo/1 within PT0.02S but got text 'second'");
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> assertThat(tester.hubs()).within(Duration.ofMillis(20)).hub("/echo/1").hasSessions(2))
				.withMessage("Expected hub /echo/1 to have 2 sessions within PT0.02S but it has 1");
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> assertThat(tester.hubs()).within(Duration.ofMillis(20)).hub("/echo/2"))
				.withMessage("Expected a hub at /echo/2 within PT0.02S but the live hubs are [/echo/1 (1 sessions)]");
		}
	}

	@Test
	void aPathOfNoEndpointIsAnError() {
		try (WsEndpointTester tester = WsEndpointTester.of(new Echo())) {
			assertThatIllegalArgumentException().isThrownBy(() -> tester.join("/nowhere"))
				.withMessageStartingWith("No endpoint maps /nowhere");
		}
	}

	@Test
	void anInvalidEndpointFailsAsAtStartUp() {
		assertThatExceptionOfType(InvalidWsEndpointException.class)
			.isThrownBy(() -> WsEndpointTester.of(new TwoPayloads()))
			.withMessageContaining("Invalid @OnMessage method TwoPayloads.onMessage");
	}

	@Test
	void aBeanThatIsNoEndpointIsAnError() {
		assertThatIllegalArgumentException().isThrownBy(() -> WsEndpointTester.of(new Object()))
			.withMessage("Not a @WsEndpoint bean: java.lang.Object");
	}

	@WsEndpoint("/two")
	static class TwoPayloads {

		@OnMessage
		void onMessage(String a, String b) {
		}

	}

	@Test
	void isFastEnoughForUnitTests() {
		long start = System.nanoTime();
		for (int i = 0; i < 20; i++) {
			try (WsEndpointTester tester = WsEndpointTester.of(new Echo())) {
				tester.join("/echo/" + i).sendText("x").awaitTexts(1);
			}
		}
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
	}

}
