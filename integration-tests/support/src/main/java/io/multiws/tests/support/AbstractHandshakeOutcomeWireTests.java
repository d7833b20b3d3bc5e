package io.multiws.tests.support;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.multiws.core.WsEndpointMatch;
import io.multiws.core.WsListener;
import io.multiws.core.WsUpgradeRefusal;
import io.multiws.tests.app.WireTestApplication;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An upgrade's handshake scope (which the {@code multiws.handshake} observation is) ends
 * with what the client got, not with the checks: an upgrade that the checks admit and the
 * handshake itself then refuses (Spring wants {@code Connection: Upgrade}) ends refused
 * with the status it was answered with, one that switches protocols ends with 101. Jetty
 * answers such a request with 400 itself, before any servlet: its subclass sends one that
 * Jetty's own upgrade declines instead ({@link #upgradeThatFailsAfterTheChecks}).
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = { WireTestApplication.class, AbstractHandshakeOutcomeWireTests.Outcomes.class },
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.main.banner-mode=off")
public abstract class AbstractHandshakeOutcomeWireTests {

	@LocalServerPort
	private int port;

	@Autowired
	private Outcomes outcomes;

	@Test
	void aHandshakeThatSwitchesProtocolsEndsAsUpgraded() throws IOException {
		try (RawWsClient client = RawWsClient.upgrade(this.port, "/echo/outcome-ok", Map.of(), 0)) {
			assertThat(client.status()).as(client.response()).isEqualTo(101);
			await("the handshake's outcome").until(() -> this.outcomes.of("/echo/outcome-ok") != null);
		}
		assertThat(this.outcomes.of("/echo/outcome-ok")).isEqualTo("checked, then 101");
	}

	@Test
	void aHandshakeThatFailsAfterTheChecksEndsWithTheStatusTheClientGot() throws IOException {
		String head = upgradeThatFailsAfterTheChecks("/echo/outcome-bad", this.port);
		try (RawWsClient client = RawWsClient.request(this.port, head)) {
			assertThat(client.status()).as(client.response()).isEqualTo(400);
		}
		await("the handshake's outcome").until(() -> this.outcomes.of("/echo/outcome-bad") != null);
		assertThat(this.outcomes.of("/echo/outcome-bad")).isEqualTo("checked, then 400 HANDSHAKE_FAILED");
	}

	/**
	 * Return the head of an upgrade request that multi-ws's checks admit and the
	 * handshake then refuses with 400: one without {@code Connection: Upgrade}, which
	 * Spring's handshake handler wants.
	 * @param path the path
	 * @param port the server's port
	 * @return the request line and headers
	 */
	protected String upgradeThatFailsAfterTheChecks(String path, int port) {
		return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
				+ "\r\nUpgrade: websocket\r\nConnection: keep-alive\r\nSec-WebSocket-Version: 13\r\n"
				+ "Sec-WebSocket-Key: " + RawWsClient.newKey();
	}

	/**
	 * Records how each path's handshake scope ended: a listener bean, which the registry
	 * calls next to its own.
	 */
	static class Outcomes implements WsListener {

		private final Map<String, String> outcomes = new ConcurrentHashMap<>();

		@Nullable String of(String path) {
			return this.outcomes.get(path);
		}

		@Override
		public Handshake handshakeStarted(WsEndpointMatch match, HttpRequest request) {
			return new Handshake() {

				private volatile boolean checked;

				@Override
				public void checked() {
					this.checked = true;
				}

				@Override
				public void finished(@Nullable WsUpgradeRefusal refusal, @Nullable Throwable failure) {
					String outcome = (refusal != null) ? refusal.status().value() + " " + refusal.cause() : "101";
					Outcomes.this.outcomes.put(match.path(), (this.checked ? "checked, then " : "") + outcome);
				}

			};
		}

	}

}
