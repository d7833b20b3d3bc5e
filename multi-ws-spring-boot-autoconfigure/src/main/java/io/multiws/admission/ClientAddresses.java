package io.multiws.admission;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Who an unauthenticated client is, for the per-client limits. Its address is that of
 * the connection's peer; when the peer is one of the trusted proxies, the rightmost
 * address of the forwarding header that is not a trusted proxy itself (the proxies
 * append, so everything to its left is what the client wrote). Spring's own resolution
 * takes the leftmost value ({@code server.forward-headers-strategy=framework}, and
 * {@code native} on Jetty and Reactor Netty) and is never used for it. An IPv6 client is
 * its /64.
 * <p>
 * A client whose peer address is exempt and that was not forwarded by a proxy is exempt
 * from the per-client limits: a forwarded address, whatever it says, never is.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class ClientAddresses {

	/**
	 * The loopback addresses, the default exempt addresses and trusted proxies.
	 */
	public static final List<String> LOOPBACK = List.of("127.0.0.0/8", "::1");

	private final List<AddressRange> exempt;

	private final List<AddressRange> trusted;

	private final ForwardedHeader header;

	/**
	 * Create and check the settings.
	 * @param exemptAddresses the peer addresses and CIDR ranges exempt from the
	 * per-client limits
	 * @param trustedProxies the addresses and CIDR ranges of the proxies whose
	 * forwarding header is believed
	 * @param header the forwarding header the trusted proxies append to
	 * @throws IllegalArgumentException if an address or range is invalid, with a message
	 * that names the property
	 */
	public ClientAddresses(List<String> exemptAddresses, List<String> trustedProxies, ForwardedHeader header) {
		this.exempt = ranges("multi-ws.limits.exempt-addresses", exemptAddresses);
		this.trusted = ranges("multi-ws.limits.trusted-proxies", trustedProxies);
		this.header = header;
	}

	/**
	 * Return the defaults: loopback exempt and trusted, {@code X-Forwarded-For}.
	 * @return the defaults
	 */
	public static ClientAddresses defaults() {
		return new ClientAddresses(LOOPBACK, LOOPBACK, ForwardedHeader.X_FORWARDED_FOR);
	}

	private static List<AddressRange> ranges(String property, List<String> addresses) {
		List<AddressRange> ranges = new ArrayList<>(addresses.size());
		for (String address : addresses) {
			try {
				ranges.add(AddressRange.parse(address));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(property + ": " + ex.getMessage(), ex);
			}
		}
		return List.copyOf(ranges);
	}

	/**
	 * Return the key a client counts under.
	 * @param connection the connection of its upgrade
	 * @return the key, or {@code null} if the client is exempt
	 */
	@Nullable String key(WsClientConnection connection) {
		String address = connection.address();
		byte[] peer = IpAddresses.parse(address);
		if (peer == null) {
			return address;
		}
		byte[] client = peer;
		if (contains(this.trusted, peer)) {
			List<String> hops = hops(connection);
			for (int i = hops.size() - 1; i >= 0; i--) {
				byte[] hop = IpAddresses.parse(hops.get(i));
				if (hop == null) {
					// Not an address: the proxy to its right answers for it
					break;
				}
				client = hop;
				if (!contains(this.trusted, hop)) {
					break;
				}
			}
		}
		if (client == peer && !connection.isForwardedByServer() && contains(this.exempt, peer)) {
			return null;
		}
		return IpAddresses.clientKey(client);
	}

	private List<String> hops(WsClientConnection connection) {
		List<String> hops = new ArrayList<>();
		for (String value : connection.headers(this.header.headerName())) {
			for (String element : value.split(",")) {
				hops.add((this.header == ForwardedHeader.FORWARDED) ? forwardedFor(element) : element);
			}
		}
		return hops;
	}

	private static String forwardedFor(String element) {
		for (String pair : element.split(";")) {
			String trimmed = pair.trim();
			if (trimmed.regionMatches(true, 0, "for=", 0, 4)) {
				return trimmed.substring(4);
			}
		}
		return "";
	}

	private static boolean contains(List<AddressRange> ranges, byte[] address) {
		for (AddressRange range : ranges) {
			if (range.contains(address)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return "the rightmost " + this.header.headerName() + " address that is not one of the trusted proxies "
				+ this.trusted + ", exempt " + (this.exempt.isEmpty() ? "none" : this.exempt.toString());
	}

	/**
	 * The header that trusted proxies append the address of their peer to.
	 */
	public enum ForwardedHeader {

		/**
		 * {@code X-Forwarded-For}: a list of addresses.
		 */
		X_FORWARDED_FOR("X-Forwarded-For"),

		/**
		 * {@code Forwarded} (RFC 7239): the {@code for} parameter of each element.
		 */
		FORWARDED("Forwarded");

		private final String headerName;

		ForwardedHeader(String headerName) {
			this.headerName = headerName;
		}

		/**
		 * Return the name of the header.
		 * @return the name
		 */
		public String headerName() {
			return this.headerName;
		}

	}

}
