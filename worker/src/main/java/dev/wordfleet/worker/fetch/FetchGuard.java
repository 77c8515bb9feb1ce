package dev.wordfleet.worker.fetch;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Decides which URLs and addresses a fetch may reach, so that a job cannot point the worker at its own machine,
 * the cloud metadata service or another internal host.
 *
 * <p>Only {@code http} and {@code https} are allowed, and never on a port from the Fetch Standard's list of bad
 * ports (SMTP, SSH, IRC and other text protocols that an HTTP request could be smuggled into). Unless private
 * networks are allowed, every address outside the public unicast space is rejected, as {@link AddressRange} lists.
 * IPv6 forms that embed an IPv4 address (IPv4-mapped {@code ::ffff:0:0/96}, IPv4-compatible {@code ::/96}, NAT64
 * {@code 64:ff9b::/96} and 6to4 {@code 2002::/16}) are judged by the embedded IPv4 address.
 *
 * <p>Every method is a pure decision: nothing here resolves a name or opens a connection.
 */
public final class FetchGuard {

	/** Address ranges that the guard distinguishes. Every range except {@link #PUBLIC} is internal. */
	public enum AddressRange {

		/** Public unicast addresses: the only range allowed without {@code allowPrivateNetworks}. */
		PUBLIC("public"),

		/** {@code 127.0.0.0/8} and {@code ::1}. */
		LOOPBACK("loopback"),

		/** {@code 10.0.0.0/8}, {@code 172.16.0.0/12}, {@code 192.168.0.0/16} and IPv6 site-local {@code fec0::/10}. */
		PRIVATE("private"),

		/** {@code 169.254.0.0/16}, which contains the cloud metadata address, and {@code fe80::/10}. */
		LINK_LOCAL("link-local"),

		/** IPv6 unique-local addresses, {@code fc00::/7}. */
		UNIQUE_LOCAL("unique-local"),

		/** Carrier-grade NAT shared space, {@code 100.64.0.0/10}. */
		CARRIER_GRADE_NAT("carrier-grade NAT"),

		/** {@code 0.0.0.0} and {@code ::}, which a connection reaches as the local host. */
		UNSPECIFIED("unspecified"),

		/** {@code 224.0.0.0/4} and {@code ff00::/8}. */
		MULTICAST("multicast"),

		/** The limited broadcast address {@code 255.255.255.255}. */
		BROADCAST("broadcast"),

		/**
		 * Ranges that are never routed on the public internet: {@code 0.0.0.0/8}, {@code 192.0.0.0/24},
		 * documentation ranges, benchmarking {@code 198.18.0.0/15}, {@code 240.0.0.0/4}, IPv6 documentation
		 * {@code 2001:db8::/32}, discard-only {@code 100::/64} and local-use NAT64 {@code 64:ff9b:1::/48}.
		 */
		RESERVED("reserved");

		private final String description;

		AddressRange(String description) {
			this.description = description;
		}

		/**
		 * Returns the range's name for messages, such as {@code "link-local"}.
		 * @return the range's name for messages
		 */
		public String description() {
			return this.description;
		}

	}

	/** Bad ports of the Fetch Standard (section "Port blocking"), which browsers refuse for http and https. */
	private static final Set<Integer> BAD_PORTS = Set.of(0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42,
			43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143,
			161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636,
			989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667,
			6668, 6669, 6679, 6697, 10080);

	/** Internal IPv4 ranges. The first match wins, so the broadcast address comes before {@code 240.0.0.0/4}. */
	private static final List<Cidr> IPV4_RANGES = List.of(
			Cidr.of("0.0.0.0", 32, AddressRange.UNSPECIFIED),
			Cidr.of("0.0.0.0", 8, AddressRange.RESERVED),
			Cidr.of("10.0.0.0", 8, AddressRange.PRIVATE),
			Cidr.of("100.64.0.0", 10, AddressRange.CARRIER_GRADE_NAT),
			Cidr.of("127.0.0.0", 8, AddressRange.LOOPBACK),
			Cidr.of("169.254.0.0", 16, AddressRange.LINK_LOCAL),
			Cidr.of("172.16.0.0", 12, AddressRange.PRIVATE),
			Cidr.of("192.0.0.0", 24, AddressRange.RESERVED),
			Cidr.of("192.0.2.0", 24, AddressRange.RESERVED),
			Cidr.of("192.168.0.0", 16, AddressRange.PRIVATE),
			Cidr.of("198.18.0.0", 15, AddressRange.RESERVED),
			Cidr.of("198.51.100.0", 24, AddressRange.RESERVED),
			Cidr.of("203.0.113.0", 24, AddressRange.RESERVED),
			Cidr.of("224.0.0.0", 4, AddressRange.MULTICAST),
			Cidr.of("255.255.255.255", 32, AddressRange.BROADCAST),
			Cidr.of("240.0.0.0", 4, AddressRange.RESERVED));

	/** Internal IPv6 ranges, checked after the forms that embed an IPv4 address. */
	private static final List<Cidr> IPV6_RANGES = List.of(
			Cidr.of("64:ff9b:1::", 48, AddressRange.RESERVED),
			Cidr.of("100::", 64, AddressRange.RESERVED),
			Cidr.of("2001:db8::", 32, AddressRange.RESERVED),
			Cidr.of("fc00::", 7, AddressRange.UNIQUE_LOCAL),
			Cidr.of("fe80::", 10, AddressRange.LINK_LOCAL),
			Cidr.of("fec0::", 10, AddressRange.PRIVATE),
			Cidr.of("ff00::", 8, AddressRange.MULTICAST));

	private static final byte[] NAT64_PREFIX = { 0x00, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0 };

	private final boolean allowPrivateNetworks;

	/**
	 * Creates a guard.
	 * @param allowPrivateNetworks whether internal addresses are allowed. Schemes and ports are checked either way.
	 */
	public FetchGuard(boolean allowPrivateNetworks) {
		this.allowPrivateNetworks = allowPrivateNetworks;
	}

	/**
	 * Returns whether internal addresses are allowed.
	 * @return {@code true} if every address is allowed
	 */
	public boolean allowsPrivateNetworks() {
		return this.allowPrivateNetworks;
	}

	/**
	 * Returns whether a fetch may connect to an address.
	 * @param address resolved address of the host
	 * @return {@code true} if the address is public, or if private networks are allowed
	 */
	public boolean isAllowed(InetAddress address) {
		return this.allowPrivateNetworks || classify(address) == AddressRange.PUBLIC;
	}

	/**
	 * Returns whether a URL scheme may be fetched.
	 * @param scheme URL scheme, in any case
	 * @return {@code true} for {@code http} and {@code https}
	 */
	public static boolean isAllowedScheme(String scheme) {
		String lower = scheme.toLowerCase(Locale.ROOT);
		return lower.equals("http") || lower.equals("https");
	}

	/**
	 * Returns whether a port may be fetched over HTTP.
	 * @param port TCP port of the URL, with the scheme's default filled in
	 * @return {@code true} for ports 1 to 65535 that are not on the Fetch Standard's bad port list
	 */
	public static boolean isAllowedPort(int port) {
		return port > 0 && port <= 65535 && !BAD_PORTS.contains(port);
	}

	/**
	 * Reads a host written as a number the way the C library's {@code inet_aton} reads it, and some resolvers and
	 * browsers with it: one to four parts separated by dots, each decimal, octal with a leading {@code 0} or
	 * hexadecimal with a leading {@code 0x}, the last part filling the remaining bytes. So {@code 2130706433},
	 * {@code 0x7f.1}, {@code 0177.0.0.1} and {@code 127.1} all name 127.0.0.1.
	 * @param host a URL's host, without brackets
	 * @return the IPv4 address, or {@code null} if the host is not a number in any of these forms
	 */
	public static @Nullable InetAddress numericIpv4(String host) {
		String[] parts = host.split("\\.", -1);
		if (parts.length > 4) {
			return null;
		}
		long[] values = new long[parts.length];
		for (int i = 0; i < parts.length; i++) {
			long value = parseNumericPart(parts[i]);
			if (value < 0) {
				return null;
			}
			values[i] = value;
		}
		long address = 0;
		for (int i = 0; i < values.length - 1; i++) {
			if (values[i] > 0xFF) {
				return null;
			}
			address |= values[i] << (24 - 8 * i);
		}
		long last = values[values.length - 1];
		if (last >= 1L << (32 - 8 * (values.length - 1))) {
			return null;
		}
		address |= last;
		byte[] bytes = { (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address };
		try {
			return InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("Four bytes are always a valid IPv4 address", ex);
		}
	}

	/** Returns the value of one numeric part, or -1 if it is not one or exceeds 32 bits. */
	private static long parseNumericPart(String part) {
		int radix = 10;
		String digits = part;
		if (part.length() > 1 && (part.startsWith("0x") || part.startsWith("0X"))) {
			radix = 16;
			digits = part.substring(2);
		}
		else if (part.length() > 1 && part.startsWith("0")) {
			radix = 8;
			digits = part.substring(1);
		}
		if (digits.isEmpty() || digits.length() > 11) {
			return -1;
		}
		for (int i = 0; i < digits.length(); i++) {
			if (Character.digit(digits.charAt(i), radix) < 0) {
				return -1;
			}
		}
		long value = Long.parseLong(digits, radix);
		return (value > 0xFFFFFFFFL) ? -1 : value;
	}

	/**
	 * Returns the range that an address belongs to.
	 * @param address an IPv4 or IPv6 address
	 * @return the address's range, {@link AddressRange#PUBLIC} if it is in none of the internal ones
	 */
	public static AddressRange classify(InetAddress address) {
		byte[] bytes = address.getAddress();
		if (bytes.length == 4) {
			return classifyIpv4(bytes);
		}

		// "::" and "::1" also start with 96 zero bits, so they are matched before the IPv4-compatible form.
		if (address.isAnyLocalAddress()) {
			return AddressRange.UNSPECIFIED;
		}
		if (address.isLoopbackAddress()) {
			return AddressRange.LOOPBACK;
		}
		byte[] embedded = embeddedIpv4(bytes);
		if (embedded != null) {
			return classifyIpv4(embedded);
		}
		Cidr match = firstMatch(IPV6_RANGES, bytes);
		return (match != null) ? match.range() : AddressRange.PUBLIC;
	}

	/**
	 * Describes a rejected address for an error message.
	 * @param host host name of the URL
	 * @param address rejected address
	 * @return a phrase naming host, address and range, such as
	 * {@code "host localhost has address 127.0.0.1 (loopback)"}
	 */
	static String describeBlocked(String host, InetAddress address) {
		return "host " + host + " has address " + address.getHostAddress() + " (" + classify(address).description()
				+ ")";
	}

	private static AddressRange classifyIpv4(byte[] bytes) {
		Cidr match = firstMatch(IPV4_RANGES, bytes);
		return (match != null) ? match.range() : AddressRange.PUBLIC;
	}

	private static @Nullable Cidr firstMatch(List<Cidr> ranges, byte[] bytes) {
		for (Cidr cidr : ranges) {
			if (cidr.contains(bytes)) {
				return cidr;
			}
		}
		return null;
	}

	/**
	 * Returns the IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 or 6to4 address, or {@code null} for
	 * any other IPv6 address.
	 */
	private static byte @Nullable [] embeddedIpv4(byte[] ipv6) {
		boolean firstTenZero = true;
		for (int i = 0; i < 10; i++) {
			firstTenZero &= ipv6[i] == 0;
		}
		boolean mapped = firstTenZero && ipv6[10] == (byte) 0xff && ipv6[11] == (byte) 0xff;
		boolean compatible = firstTenZero && ipv6[10] == 0 && ipv6[11] == 0;
		boolean nat64 = Arrays.equals(ipv6, 0, 12, NAT64_PREFIX, 0, 12);
		if (mapped || compatible || nat64) {
			return Arrays.copyOfRange(ipv6, 12, 16);
		}
		if (ipv6[0] == 0x20 && ipv6[1] == 0x02) {
			// 6to4: 2002:AABB:CCDD::/48 carries AA.BB.CC.DD.
			return Arrays.copyOfRange(ipv6, 2, 6);
		}
		return null;
	}

	/** An address prefix, such as {@code 10.0.0.0/8}. */
	private record Cidr(byte[] prefix, int bits, AddressRange range) {

		/** Creates a prefix from an IP literal, which {@link InetAddress#getByName} parses without a lookup. */
		static Cidr of(String literal, int bits, AddressRange range) {
			try {
				InetAddress address = InetAddress.getByName(literal);
				if (literal.contains(":") && address instanceof Inet4Address) {
					throw new IllegalArgumentException("IPv6 prefix " + literal + " was read as IPv4");
				}
				return new Cidr(address.getAddress(), bits, range);
			}
			catch (UnknownHostException ex) {
				throw new IllegalArgumentException("Invalid IP literal " + literal, ex);
			}
		}

		boolean contains(byte[] address) {
			if (address.length != this.prefix.length) {
				return false;
			}
			int fullBytes = this.bits / 8;
			for (int i = 0; i < fullBytes; i++) {
				if (address[i] != this.prefix[i]) {
					return false;
				}
			}
			int remainingBits = this.bits % 8;
			if (remainingBits == 0) {
				return true;
			}
			int mask = (0xff << (8 - remainingBits)) & 0xff;
			return (address[fullBytes] & mask) == (this.prefix[fullBytes] & mask);
		}

	}

}
