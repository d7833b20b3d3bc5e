package com.example.rooms;

import java.time.Duration;

import io.multiws.test.WsEndpointTester;
import io.multiws.test.WsTestSession;
import org.junit.jupiter.api.Test;

import static io.multiws.test.WsAssertions.assertThat;

class RoomEndpointTests {

	@Test
	void roomBroadcastsToItsOwnHub() {
		try (WsEndpointTester tester = WsEndpointTester.of(new RoomEndpoint())) {
			WsTestSession alice = tester.join("/rooms/a");
			WsTestSession bob = tester.join("/rooms/a");
			WsTestSession carol = tester.join("/rooms/b");
			alice.sendText("hi");
			assertThat(tester.broadcasts("/rooms/a")).receivedText().isEqualTo("hi");   // as broadcast, no id
			assertThat(bob).receivedText().isEqualTo("Welcome to a, 2 here");           // @OnOpen's first
			assertThat(bob).receivedText().isEqualTo("hi");
			assertThat(carol).receivedText().isEqualTo("Welcome to b, 1 here");
			assertThat(carol).receivesNothingWithin(Duration.ofMillis(50));             // not a's broadcast
			assertThat(tester.hubs()).hub("/rooms/a").hasSessions(2);
		}
	}

}
