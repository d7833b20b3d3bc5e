package com.example;

import io.multiws.hub.WsHubs;
import io.multiws.test.WsMessage;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.test.autoconfigure.AutoConfigureWsTestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.multiws.test.WsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"multi-ws.endpoints.room-endpoint.history.size=10", "multi-ws.endpoints.room-endpoint.history.message-ids=true" })
@AutoConfigureWsTestClient
@AutoConfigureRestTestClient
class RoomsTests {

	@Autowired
	WsTestClient ws;

	@Autowired
	RestTestClient rest;

	@Autowired
	WsHubs hubs;

	@Test
	void aBroadcastReachesTheRoomWithAnIdAndALateJoinerGetsItFirst() {
		try (WsTestConnection alice = this.ws.connect("/rooms/lobby")) {
			assertThat(alice).receivedMessage().hasPayload("Welcome to lobby, 1 here").hasNoId();  // @OnOpen's
			alice.sendText("hi");
			WsMessage hi = alice.awaitMessage();                       // "<id>:hi" read apart
			assertThat(hi.payload()).isEqualTo("hi");
			try (WsTestConnection bob = this.ws.connect("/rooms/lobby")) {
				assertThat(bob).receivedMessage().hasId(hi.id()).hasPayload("hi");   // the history first
				assertThat(bob).receivedMessage().hasPayload("Welcome to lobby, 2 here");
				assertThat(this.hubs).hub("/rooms/lobby").history().hasPayloads("hi");
			}
		}
	}

	@Test
	void aHandshakeWithoutAPlayerIsRefusedBeforeTheUpgrade() {        // @RequestParam String player
		assertThat(this.ws.path("/games/chess").handshakeStatus()).isEqualTo(400);
	}

	@Test
	void aRestBroadcastReachesTheRoomWithAnIdAndStaysInItsHistory() {
		try (WsTestConnection alice = this.ws.connect("/rooms/news")) {
			this.rest.post().uri("/rooms/{room}/news", "news").contentType(MediaType.TEXT_PLAIN).body("extra!")
				.exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("1");   // alice has joined
			assertThat(alice).receivedMessage().hasPayload("Welcome to news, 1 here");
			assertThat(alice).receivedMessage().hasPayload("extra!").hasIdGreaterThan(0);
			assertThat(this.hubs).hub("/rooms/news").history().hasPayloads("extra!");
		}
	}

}
