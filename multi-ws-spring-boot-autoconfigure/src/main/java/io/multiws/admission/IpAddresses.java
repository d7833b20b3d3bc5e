package io.multiws.admission;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.jspecify.annotations.Nullable;

/**
 * IP address literals as they come in forwarding headers and from web servers, parsed
 * without ever asking DNS: IPv4 in dotted decimal, IPv6 with or without brackets and a
 * zone, either with a port; an IPv4-mapped IPv6 address is its IPv4 address.
 *
 * @author multi-ws team
 */
final class IpAddresses {

	private static final int MAX_LITERAL = 45;

	private IpAddresses() {
	}

	/**
	 * Parse a literal.
	 * @param text the literal, possibly quoted, bracketed or with a port
	 * @return the 4 or 16 bytes of the address, or {@code null} if the text is no IP
	 * address literal (a host name, {@code unknown}, an obfuscated identifier)
	 */
	static byte @Nullable [] parse(String text) {
		String literal = text.trim();
		if (literal.length() >= 2 && literal.charAt(0) == '"' && literal.charAt(literal.length() - 1) == '"') {
			literal = literal.substring(1, literal.length() - 1);
		}
		if (literal.startsWith("[")) {
			int end = literal.indexOf(']');
			if (end < 0) {
				return null;
			}
			literal = literal.substring(1, end);
		}
		else {
			int colon = literal.indexOf(':');
			if (colon >= 0 && colon == literal.lastIndexOf(':')) {
				// IPv4 with a port
				literal = literal.substring(0, colon);
			}
		}
		int zone = literal.indexOf('%');
		if (zone >= 0) {
			literal = literal.substring(0, zone);
		}
		if (literal.isEmpty() || literal.length() > MAX_LITERAL) {
			return null;
		}
		return (literal.indexOf(':') < 0) ? parseIpv4(literal) : parseIpv6(literal);
	}

	private static byte @Nullable [] parseIpv4(String literal) {
		byte[] bytes = new byte[4];
		int part = 0;
		int value = -1;
		for (int i = 0; i < literal.length(); i++) {
			char c = literal.charAt(i);
			if (c == '.') {
				if (value < 0 || part == 3) {
					return null;
				}
				bytes[part++] = (byte) value;
				value = -1;
			}
			else if (c >= '0' && c <= '9') {
				value = ((value < 0) ? 0 : value * 10) + (c - '0');
				if (value > 255) {
					return null;
				}
			}
			else {
				return null;
			}
		}
		if (value < 0 || part != 3) {
			return null;
		}
		bytes[3] = (byte) value;
		return bytes;
	}

	private static byte @Nullable [] parseIpv6(String literal) {
		// Only hex digits, colons and dots, starting with a hex digit or a colon: the JDK
		// parses such a text as a literal and never looks it up
		if (literal.charAt(0) != ':' && Character.digit(literal.charAt(0), 16) < 0) {
			return null;
		}
		for (int i = 0; i < literal.length(); i++) {
			char c = literal.charAt(i);
			if (c != ':' && c != '.' && Character.digit(c, 16) < 0) {
				return null;
			}
		}
		try {
			return InetAddress.getByName(literal).getAddress();
		}
		catch (UnknownHostException | IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * Return the key of a client at an address: an IPv4 address itself, an IPv6 address
	 * its /64, which one subscriber usually holds whole.
	 * @param address the 4 or 16 bytes of the address
	 * @return the key
	 */
	static String clientKey(byte[] address) {
		if (address.length == 4) {
			return (address[0] & 0xFF) + "." + (address[1] & 0xFF) + "." + (address[2] & 0xFF) + "."
					+ (address[3] & 0xFF);
		}
		StringBuilder key = new StringBuilder(24);
		for (int group = 0; group < 4; group++) {
			key.append(Integer.toHexString(((address[2 * group] & 0xFF) << 8) | (address[2 * group + 1] & 0xFF)));
			key.append(':');
		}
		return key.append(":/64").toString();
	}

}
