package io.multiws.admission;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.multiws.admission.ClientAddresses.ForwardedHeader;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ClientAddresses}: who an unauthenticated client is.
 *
 * @author multi-ws team
 */
class ClientAddressesTests {

	private final ClientAddresses defaults = ClientAddresses.defaults();

	private static WsClientConnection connection(String address, boolean forwardedByServer,
			Map<String, List<String>> headers) {
		return new WsClientConnection() {

			@Override
			public String address() {
				return address;
			}

			@Override
			public boolean isForwardedByServer() {
				return forwardedByServer;
			}

			@Override
			public List<String> headers(String name) {
				return headers.getOrDefault(name, List.of());
			}

		};
	}

	private static WsClientConnection forwarded(String peer, String... xForwardedFor) {
		return connection(peer, false, Map.of("X-Forwarded-For", Arrays.asList(xForwardedFor)));
	}

	private @Nullable String key(WsClientConnection connection) {
		return this.defaults.key(connection);
	}

	@Test
	void aPeerWithoutForwardingIsItsAddressAndLoopbackIsExempt() {
		assertThat(key(WsClientConnection.of("203.0.113.7"))).isEqualTo("203.0.113.7");
		assertThat(key(WsClientConnection.of("127.0.0.1"))).isNull();
		assertThat(key(WsClientConnection.of("127.5.6.7"))).isNull();
		assertThat(key(WsClientConnection.of("::1"))).isNull();
		assertThat(key(WsClientConnection.of("0:0:0:0:0:0:0:1"))).isNull();
	}

	@Test
	void anUntrustedPeersForwardingHeaderIsIgnored() {
		assertThat(key(forwarded("203.0.113.7", "127.0.0.1"))).isEqualTo("203.0.113.7");
		assertThat(key(connection("203.0.113.7", false, Map.of("Forwarded", List.of("for=127.0.0.1")))))
			.isEqualTo("203.0.113.7");
	}

	@Test
	void behindATrustedProxyTheClientIsTheRightmostUntrustedAddress() {
		assertThat(key(forwarded("127.0.0.1", "198.51.100.7"))).isEqualTo("198.51.100.7");
		assertThat(key(forwarded("127.0.0.1", "10.9.9.9, 203.0.113.1, 198.51.100.7"))).isEqualTo("198.51.100.7");
		assertThat(key(forwarded("127.0.0.1", "10.9.9.9, 203.0.113.1", "198.51.100.7, 127.0.0.2")))
			.as("several header lines, a trusted hop on the right")
			.isEqualTo("198.51.100.7");
		assertThat(key(forwarded("127.0.0.1", "198.51.100.7:4711"))).as("with a port").isEqualTo("198.51.100.7");
	}

	@Test
	void aForwardedAddressIsNeverExemptWhateverItSays() {
		assertThat(key(forwarded("127.0.0.1", "127.0.0.1"))).isEqualTo("127.0.0.1");
		assertThat(key(forwarded("127.0.0.1", "::1"))).isEqualTo("0:0:0:0::/64");
	}

	@Test
	void aPeerAddressTheServerForwardedIsNotExempt() {
		assertThat(key(connection("127.0.0.1", true, Map.of()))).isEqualTo("127.0.0.1");
	}

	@Test
	void aHopThatIsNoAddressLeavesTheClientAtTheProxyThatForwardedIt() {
		assertThat(key(forwarded("127.0.0.1", "unknown"))).isNull();
		assertThat(key(forwarded("127.0.0.1", "198.51.100.7, _hidden, 127.0.0.2"))).isEqualTo("127.0.0.2");
		assertThat(key(forwarded("127.0.0.1", "evil.example.com"))).as("never looked up").isNull();
	}

	@Test
	void anIpv6ClientIsItsSlash64() {
		assertThat(key(WsClientConnection.of("2001:db8:1:2:3:4:5:6"))).isEqualTo("2001:db8:1:2::/64");
		assertThat(key(forwarded("127.0.0.1", "2001:db8:1:2::99"))).isEqualTo("2001:db8:1:2::/64");
		assertThat(key(forwarded("127.0.0.1", "[2001:db8:1:3::1]:443"))).isEqualTo("2001:db8:1:3::/64");
		assertThat(key(WsClientConnection.of("::ffff:203.0.113.9"))).as("IPv4-mapped").isEqualTo("203.0.113.9");
	}

	@Test
	void theForwardedHeaderIsReadWhenConfigured() {
		ClientAddresses rfc7239 = new ClientAddresses(ClientAddresses.LOOPBACK, ClientAddresses.LOOPBACK,
				ForwardedHeader.FORWARDED);
		WsClientConnection connection = connection("127.0.0.1", false,
				Map.of("Forwarded", List.of("for=192.0.2.1;proto=https, For=\"[2001:db8::7]:4711\";by=127.0.0.1"),
						"X-Forwarded-For", List.of("203.0.113.1")));
		assertThat(rfc7239.key(connection)).isEqualTo("2001:db8:0:0::/64");
		assertThat(key(connection)).as("X-Forwarded-For by default").isEqualTo("203.0.113.1");
	}

	@Test
	void configuredRangesAreTrustedAndExempt() {
		ClientAddresses addresses = new ClientAddresses(List.of("192.0.2.10"), List.of("10.0.0.0/8", "fd00::/8"),
				ForwardedHeader.X_FORWARDED_FOR);
		assertThat(addresses.key(WsClientConnection.of("192.0.2.10"))).isNull();
		assertThat(addresses.key(WsClientConnection.of("127.0.0.1"))).as("loopback no longer exempt")
			.isEqualTo("127.0.0.1");
		assertThat(addresses.key(forwarded("10.1.2.3", "10.200.0.1, 198.51.100.7, 10.4.5.6")))
			.isEqualTo("198.51.100.7");
		assertThat(addresses.key(forwarded("fd00::5", "198.51.100.8"))).isEqualTo("198.51.100.8");
		assertThat(addresses.key(forwarded("127.0.0.1", "198.51.100.8"))).as("loopback no longer trusted")
			.isEqualTo("127.0.0.1");
		assertThat(addresses.key(forwarded("10.1.2.3", "10.200.0.1"))).as("every hop trusted: the leftmost")
			.isEqualTo("10.200.0.1");
	}

	@Test
	void invalidRangesAreRefusedWithTheProperty() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ClientAddresses(List.of("localhost"), List.of(), ForwardedHeader.X_FORWARDED_FOR))
			.withMessage("multi-ws.limits.exempt-addresses: 'localhost' is no IP address or CIDR range");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ClientAddresses(List.of(), List.of("10.0.0.0/33"), ForwardedHeader.X_FORWARDED_FOR))
			.withMessage("multi-ws.limits.trusted-proxies: '10.0.0.0/33' has no prefix length between 0 and 32");
	}

}
