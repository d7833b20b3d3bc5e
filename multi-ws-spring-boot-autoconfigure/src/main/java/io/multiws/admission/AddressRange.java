package io.multiws.admission;

/**
 * An IP address or a CIDR range of them, such as {@code 10.0.0.0/8} or {@code ::1}.
 *
 * @author multi-ws team
 */
final class AddressRange {

	private final String text;

	private final byte[] network;

	private final int prefixLength;

	private AddressRange(String text, byte[] network, int prefixLength) {
		this.text = text;
		this.network = network;
		this.prefixLength = prefixLength;
	}

	/**
	 * Parse an address or a range.
	 * @param text the address, or the range as address/prefix-length
	 * @return the range
	 * @throws IllegalArgumentException if the text is neither
	 */
	static AddressRange parse(String text) {
		String trimmed = text.trim();
		int slash = trimmed.indexOf('/');
		String address = (slash >= 0) ? trimmed.substring(0, slash) : trimmed;
		byte[] network = (address.indexOf(':') >= 0 || address.indexOf('.') >= 0) ? IpAddresses.parse(
				(address.indexOf(':') >= 0 && !address.startsWith("[")) ? "[" + address + "]" : address) : null;
		if (network == null) {
			throw new IllegalArgumentException("'" + text + "' is no IP address or CIDR range");
		}
		int bits = network.length * 8;
		int prefixLength = bits;
		if (slash >= 0) {
			try {
				prefixLength = Integer.parseInt(trimmed.substring(slash + 1));
			}
			catch (NumberFormatException ex) {
				prefixLength = -1;
			}
			if (prefixLength < 0 || prefixLength > bits) {
				throw new IllegalArgumentException("'" + text + "' has no prefix length between 0 and " + bits);
			}
		}
		for (int bit = prefixLength; bit < bits; bit++) {
			network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
		}
		return new AddressRange(trimmed, network, prefixLength);
	}

	/**
	 * Whether an address is in this range.
	 * @param address the 4 or 16 bytes of the address
	 * @return {@code true} if it is
	 */
	boolean contains(byte[] address) {
		if (address.length != this.network.length) {
			return false;
		}
		int whole = this.prefixLength / 8;
		for (int i = 0; i < whole; i++) {
			if (address[i] != this.network[i]) {
				return false;
			}
		}
		int rest = this.prefixLength % 8;
		if (rest == 0) {
			return true;
		}
		int mask = (0xFF << (8 - rest)) & 0xFF;
		return (address[whole] & mask) == (this.network[whole] & mask);
	}

	@Override
	public String toString() {
		return this.text;
	}

}
