package io.multiws.tests.attack;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.multiws.admission.WsAdmissionStatistics;
import io.multiws.admission.WsRefusalReason;
import io.multiws.tests.support.RawWsClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who a client is, tried as an attacker would: a forwarded loopback claim from a peer
 * that is not a trusted proxy, and a leftmost forwarded value that rotates behind one,
 * each with a per-client cap of 3 sessions; once behind Spring's
 * {@code ForwardedHeaderFilter} / {@code ForwardedHeaderTransformer}
 * ({@code server.forward-headers-strategy=framework}), once behind the server's own
 * handling ({@code native}: Tomcat's {@code RemoteIpValve}, Jetty's
 * {@code ForwardedRequestCustomizer}, Reactor Netty's), all of which believe the leftmost
 * value but Tomcat's. After the attacks, with the attackers' sessions still open, the
 * server shuts down within the shutdown timeout and a second.
 * <p>
 * A peer on another machine is a peer on another loopback address here: the clients
 * bind their sockets to 127.0.0.2 and up, which the suite neither exempts
 * ({@code multi-ws.limits.exempt-addresses=127.0.0.1}) nor trusts as a proxy
 * ({@code multi-ws.limits.trusted-proxies=127.0.0.1}), so that the server sees them as
 * any remote peer while the test needs no second host or interface. 127.0.0.1 is the
 * trusted proxy, which appends the address it saw to {@code X-Forwarded-For}.
 *
 * @author multi-ws team
 */
@TestInstance(Lifecycle.PER_CLASS)
public abstract class AbstractClientIdentityAttackWireTests {

	private static final String[] PROPERTIES = { "multi-ws.limits.max-sessions-per-client=3",
			"multi-ws.limits.max-handshakes-per-client-per-second=0", "multi-ws.limits.exempt-addresses=127.0.0.1",
			"multi-ws.limits.trusted-proxies=127.0.0.1", "multi-ws.session.idle-timeout=0",
			"multi-ws.session.ping-interval=0", "multi-ws.endpoints.echo.max-inbound-messages-per-second=10",
			"server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1" };

	private static final InetAddress PROXY = loopback(1);

	private static final String CAPPED = "Too many WebSocket sessions from this client (max 3)";

	private final Attacks attacks = new Attacks();

	@BeforeAll
	void startServer() {
		this.attacks.start("server.forward-headers-strategy=framework");
	}

	@AfterAll
	void serverStillShutsDownInTime() {
		this.attacks.stop();
	}

	@Test
	void aForwardedLoopbackClaimFromAnUntrustedPeerIsCappedLikeAnyClient() throws Exception {
		this.attacks.cappedAtThree(loopback(2), Map.of("X-Forwarded-For", "127.0.0.1"));
	}

	@Test
	void aForwardedHeaderLoopbackClaimFromAnUntrustedPeerIsCappedLikeAnyClient() throws Exception {
		this.attacks.cappedAtThree(loopback(3), Map.of("Forwarded", "for=127.0.0.1"));
	}

	@Test
	void aRotatingLeftmostValueBehindATrustedProxyTakesNoMoreThanTheCap() throws Exception {
		this.attacks.rotatingBehindTheProxy("198.51.100.7", (i) -> Map.of("X-Forwarded-For",
				"203.0.113." + i + ", 198.51.100.7"));
	}

	@Test
	void aRotatingForwardedHeaderBehindAProxyThatAppendsToXForwardedForTakesNoMoreThanTheCap() throws Exception {
		this.attacks.rotatingBehindTheProxy("198.51.100.8",
				(i) -> Map.of("Forwarded", "for=203.0.113." + i, "X-Forwarded-For", "198.51.100.8"));
	}

	@Test
	void ipv6ClientsAreKeyedByTheirSlash64() throws Exception {
		this.attacks.rotatingBehindTheProxy("2001:db8:7:7::/64",
				(i) -> Map.of("X-Forwarded-For", "2001:db8:7:7::" + Integer.toHexString(i + 1)));
		RawWsClient neighbour = this.attacks.upgrade(PROXY, Map.of("X-Forwarded-For", "2001:db8:7:8::1"));
		assertThat(neighbour.status()).as("another /64").isEqualTo(101);
	}

	@Test
	void theTruePeerOnAnExemptAddressIsExemptButNotFromItsInboundRate() throws Exception {
		for (int i = 0; i < 5; i++) {
			assertThat(this.attacks.upgrade(PROXY, Map.of()).status()).as("exempt past the cap of 3").isEqualTo(101);
		}
		RawWsClient flooding = this.attacks.upgrade(PROXY, Map.of());
		for (int i = 0; i < 30; i++) {
			flooding.sendText("m" + i);
		}
		assertThat(flooding.readCloseCode()).as("closed when over the rate of 10 per second").isEqualTo(1008);
		assertThat(flooding.closeReason()).isEqualTo("Inbound message rate exceeded: max 10 per second");
	}

	/**
	 * The same attacks behind the server's own forwarding.
	 */
	@Nested
	@TestInstance(Lifecycle.PER_CLASS)
	class Native {

		private final Attacks attacks = new Attacks();

		@BeforeAll
		void startServer() {
			this.attacks.start("server.forward-headers-strategy=native");
		}

		@AfterAll
		void serverStillShutsDownInTime() {
			this.attacks.stop();
		}

		@Test
		void aForwardedLoopbackClaimFromAnUntrustedPeerIsCappedLikeAnyClient() throws Exception {
			this.attacks.cappedAtThree(loopback(2), Map.of("X-Forwarded-For", "127.0.0.1"));
		}

		@Test
		void aForwardedHeaderLoopbackClaimFromAnUntrustedPeerIsCappedLikeAnyClient() throws Exception {
			this.attacks.cappedAtThree(loopback(3), Map.of("Forwarded", "for=127.0.0.1"));
		}

		@Test
		void aRotatingLeftmostValueBehindATrustedProxyTakesNoMoreThanTheCap() throws Exception {
			this.attacks.rotatingBehindTheProxy("198.51.100.7",
					(i) -> Map.of("X-Forwarded-For", "203.0.113." + i + ", 198.51.100.7"));
		}

	}

	private static InetAddress loopback(int last) {
		try {
			return InetAddress.getByAddress(new byte[] { 127, 0, 0, (byte) last });
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * One server and the attackers' connections, left open until it shuts down.
	 */
	private static final class Attacks {

		private final List<RawWsClient> clients = new ArrayList<>();

		private @Nullable AttackedServer server;

		void start(String strategy) {
			List<String> properties = new ArrayList<>(List.of(PROPERTIES));
			properties.add(strategy);
			this.server = AttackedServer.start(properties.toArray(String[]::new));
		}

		void stop() {
			AttackedServer server = this.server;
			if (server != null) {
				server.assertShutsDownInTime();
			}
			for (RawWsClient client : this.clients) {
				try {
					client.close();
				}
				catch (Exception ex) {
					// Gone with the server
				}
			}
		}

		private AttackedServer server() {
			AttackedServer server = this.server;
			assertThat(server).as("started").isNotNull();
			return server;
		}

		RawWsClient upgrade(InetAddress from, Map<String, String> headers) throws Exception {
			RawWsClient client = RawWsClient.upgrade(from, server().port(), "/echo/attack", headers, 0);
			this.clients.add(client);
			return client;
		}

		void cappedAtThree(InetAddress from, Map<String, String> headers) throws Exception {
			long refusedBefore = refusals();
			for (int i = 0; i < 3; i++) {
				assertThat(upgrade(from, headers).status()).as("session %s of 3", i + 1).isEqualTo(101);
			}
			for (int i = 0; i < 7; i++) {
				RawWsClient refused = upgrade(from, headers);
				assertThat(refused.status()).as(refused.response()).isEqualTo(429);
				assertThat(refused.readToEnd(1000)).as("the body says why and the connection closes").contains(CAPPED);
			}
			assertThat(refusals() - refusedBefore).isEqualTo(7);
		}

		void rotatingBehindTheProxy(String client, RotatingHeaders headers) throws Exception {
			long refusedBefore = refusals();
			int opened = 0;
			for (int i = 0; i < 10; i++) {
				RawWsClient attempt = upgrade(PROXY, headers.of(i));
				if (attempt.status() == 101) {
					opened++;
				}
				else {
					assertThat(attempt.status()).as(attempt.response()).isEqualTo(429);
					assertThat(attempt.readToEnd(1000)).as("the body says why and the connection closes")
						.contains(CAPPED);
				}
			}
			assertThat(opened).as("sessions of %s, whatever it wrote to the left of it", client).isEqualTo(3);
			assertThat(refusals() - refusedBefore).isEqualTo(7);
		}

		private long refusals() {
			return server().bean(WsAdmissionStatistics.class).refusals(WsRefusalReason.CLIENT_SESSIONS);
		}

	}

	/**
	 * The headers of an attempt.
	 */
	@FunctionalInterface
	private interface RotatingHeaders {

		Map<String, String> of(int attempt);

	}

}
