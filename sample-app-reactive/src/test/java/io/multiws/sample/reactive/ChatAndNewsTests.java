package io.multiws.sample.reactive;

import io.multiws.hub.WsHubs;
import io.multiws.sample.chat.ChatEndpoint.ChatMessage;
import io.multiws.test.WsMessage;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.test.autoconfigure.AutoConfigureWsTestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.multiws.test.WsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A test class as a new user writes it, with nothing but the test starter: the chat's
 * history, message ids and presence, its {@code @OnHandshake} check, and a REST broadcast
 * into a room that keeps ids and history too. No {@code @LocalServerPort}, no helper for
 * ids, presence or history. The same test as sample-app's, on WebFlux and Reactor Netty,
 * with {@code WebTestClient} for the REST call.
 *
 * @author multi-ws team
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "multi-ws.endpoints.rooms.history.size=10", "multi-ws.endpoints.rooms.history.message-ids=true" })
@AutoConfigureWsTestClient
@AutoConfigureWebTestClient
class ChatAndNewsTests {

	@Autowired
	WsTestClient ws;

	@Autowired
	WebTestClient rest;

	@Autowired
	WsHubs hubs;

	@Test
	void aJoinerGetsTheHistoryThenWhoIsHere() {
		try (WsTestConnection alice = this.ws.connect("/chat/welcome?name=alice")) {
			assertThat(alice).receivedPresenceState().containsOnlyKeys("alice");
			alice.sendText("hi");
			WsMessage hi = alice.awaitMessage();
			assertThat(hi.payload(ChatMessage.class)).extracting(ChatMessage::from, ChatMessage::text)
				.containsExactly("alice", "hi");
			try (WsTestConnection bob = this.ws.connect("/chat/welcome?name=bob")) {
				assertThat(bob).as("the history, before who is here")
					.receivedMessage()
					.hasId(hi.id())
					.payload(ChatMessage.class)
					.isEqualTo(hi.payload(ChatMessage.class));
				assertThat(bob).seesPresence().containsOnlyKeys("alice", "bob");
				assertThat(alice).receivedPresenceJoin("bob").containsEntry("name", "bob");
				assertThat(this.hubs).hub("/chat/welcome").presence().containsOnlyKeys("alice", "bob");
				assertThat(this.hubs).hub("/chat/welcome").history().hasSize(1);
			}
			assertThat(alice).receivedPresenceLeave("bob");
		}
	}

	@Test
	void aReconnectWithTheLastIdMissesNothing() {
		try (WsTestConnection alice = this.ws.connect("/chat/flaky?name=alice")) {
			long lastSeen;
			try (WsTestConnection bob = this.ws.connect("/chat/flaky?name=bob")) {
				alice.sendText("before");
				lastSeen = bob.awaitMessage().id();
			}
			alice.sendText("while away 1");
			alice.sendText("while away 2");
			assertThat(this.hubs).hub("/chat/flaky").history().hasSize(3);
			try (WsTestConnection back = this.ws.connect("/chat/flaky?name=bob&lastEventId=" + lastSeen)) {
				assertThat(back).receivedMessages(2)
					.extracting(WsMessage::id, (message) -> message.payload(ChatMessage.class).text())
					.containsExactly(tuple(lastSeen + 1, "while away 1"), tuple(lastSeen + 2, "while away 2"));
				assertThat(back).seesPresence().containsOnlyKeys("alice", "bob");
			}
		}
	}

	@Test
	void aNameThatIsNotOneIsRefusedBeforeTheUpgrade() {
		assertThat(this.ws.path("/chat/guarded?name=%3Cscript%3E").handshakeStatus()).isEqualTo(400);
		assertThat(this.hubs).hasNoHub("/chat/guarded");
	}

	@Test
	void aRestBroadcastReachesTheRoomWithAnIdAndStaysInItsHistory() {
		try (WsTestConnection alice = this.ws.connect("/rooms/news")) {
			this.rest.post()
				.uri("/api/rooms/{room}/messages", "news")
				.contentType(MediaType.TEXT_PLAIN)
				.bodyValue("extra!")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.json("{\"recipients\":1}");
			assertThat(alice).receivedMessage().hasPayload("extra!").hasIdGreaterThan(0);
			assertThat(this.hubs).hub("/rooms/news").history().hasPayloads("extra!");
			try (WsTestConnection late = this.ws.connect("/rooms/news")) {
				assertThat(late).receivedPayloads(1).containsExactly("extra!");
			}
		}
	}

}
