package dev.wordfleet.worker.fetch;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.stream.Stream;

import dev.wordfleet.worker.fetch.FetchGuard.AddressRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Decisions of {@link FetchGuard}. Every address is built from its bytes: nothing is resolved or contacted.
 */
class FetchGuardTest {

	private final FetchGuard defaultGuard = new FetchGuard(false);

	private final FetchGuard permissiveGuard = new FetchGuard(true);

	static Stream<Arguments> internalAddresses() {
		return Stream.of(
				arguments(ipv4(127, 0, 0, 1), AddressRange.LOOPBACK),
				arguments(ipv4(127, 255, 255, 254), AddressRange.LOOPBACK),
				arguments(ipv4(10, 0, 0, 1), AddressRange.PRIVATE),
				arguments(ipv4(10, 255, 255, 255), AddressRange.PRIVATE),
				arguments(ipv4(172, 16, 0, 1), AddressRange.PRIVATE),
				arguments(ipv4(172, 31, 255, 255), AddressRange.PRIVATE),
				arguments(ipv4(192, 168, 0, 1), AddressRange.PRIVATE),
				arguments(ipv4(192, 168, 255, 255), AddressRange.PRIVATE),
				arguments(ipv4(169, 254, 169, 254), AddressRange.LINK_LOCAL),
				arguments(ipv4(169, 254, 0, 1), AddressRange.LINK_LOCAL),
				arguments(ipv4(100, 64, 0, 1), AddressRange.CARRIER_GRADE_NAT),
				arguments(ipv4(100, 127, 255, 255), AddressRange.CARRIER_GRADE_NAT),
				arguments(ipv4(0, 0, 0, 0), AddressRange.UNSPECIFIED),
				arguments(ipv4(0, 1, 2, 3), AddressRange.RESERVED),
				arguments(ipv4(224, 0, 0, 1), AddressRange.MULTICAST),
				arguments(ipv4(239, 255, 255, 250), AddressRange.MULTICAST),
				arguments(ipv4(255, 255, 255, 255), AddressRange.BROADCAST),
				arguments(ipv4(240, 0, 0, 1), AddressRange.RESERVED),
				arguments(ipv4(198, 18, 0, 1), AddressRange.RESERVED),
				arguments(ipv6("00000000000000000000000000000001"), AddressRange.LOOPBACK),
				arguments(ipv6("00000000000000000000000000000000"), AddressRange.UNSPECIFIED),
				arguments(ipv6("fe800000000000000000000000000001"), AddressRange.LINK_LOCAL),
				arguments(ipv6("febfffffffffffffffffffffffffffff"), AddressRange.LINK_LOCAL),
				arguments(ipv6("fc000000000000000000000000000001"), AddressRange.UNIQUE_LOCAL),
				arguments(ipv6("fd123456789a00000000000000000001"), AddressRange.UNIQUE_LOCAL),
				arguments(ipv6("fec00000000000000000000000000001"), AddressRange.PRIVATE),
				arguments(ipv6("ff020000000000000000000000000001"), AddressRange.MULTICAST),
				arguments(ipv6("20010db8000000000000000000000001"), AddressRange.RESERVED),
				// IPv4-mapped forms, both as the JDK converts them and kept as Inet6Address.
				arguments(ipv6("00000000000000000000ffff7f000001"), AddressRange.LOOPBACK),
				arguments(mappedIpv6(127, 0, 0, 1), AddressRange.LOOPBACK),
				arguments(mappedIpv6(10, 1, 2, 3), AddressRange.PRIVATE),
				arguments(mappedIpv6(169, 254, 169, 254), AddressRange.LINK_LOCAL),
				arguments(mappedIpv6(100, 64, 0, 1), AddressRange.CARRIER_GRADE_NAT),
				arguments(mappedIpv6(0, 0, 0, 0), AddressRange.UNSPECIFIED),
				arguments(mappedIpv6(255, 255, 255, 255), AddressRange.BROADCAST),
				// IPv4-compatible, NAT64 and 6to4 forms.
				arguments(ipv6("0000000000000000000000007f000001"), AddressRange.LOOPBACK),
				arguments(ipv6("0064ff9b0000000000000000a9fea9fe"), AddressRange.LINK_LOCAL),
				arguments(ipv6("2002c0a8010100000000000000000000"), AddressRange.PRIVATE));
	}

	static Stream<InetAddress> publicAddresses() {
		return Stream.of(
				ipv4(93, 184, 216, 34),
				ipv4(1, 1, 1, 1),
				ipv4(11, 0, 0, 1),
				ipv4(172, 15, 255, 255),
				ipv4(172, 32, 0, 0),
				ipv4(100, 63, 255, 255),
				ipv4(100, 128, 0, 0),
				ipv4(169, 253, 255, 255),
				ipv4(223, 255, 255, 255),
				ipv6("26062800022000010000000000000000"),
				ipv6("2a000000000000000000000000000001"),
				mappedIpv6(93, 184, 216, 34),
				ipv6("0064ff9b00000000000000005db8d822"),
				ipv6("20025db8d82200000000000000000000"));
	}

	@ParameterizedTest(name = "{0} is {1}")
	@MethodSource("internalAddresses")
	void classifiesInternalAddress(InetAddress address, AddressRange expected) {
		assertThat(FetchGuard.classify(address)).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("internalAddresses")
	void blocksInternalAddressByDefault(InetAddress address) {
		assertThat(this.defaultGuard.isAllowed(address)).isFalse();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("internalAddresses")
	void allowsInternalAddressWhenPrivateAllowed(InetAddress address) {
		assertThat(this.permissiveGuard.isAllowed(address)).isTrue();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("publicAddresses")
	void classifiesPublicAddress(InetAddress address) {
		assertThat(FetchGuard.classify(address)).isEqualTo(AddressRange.PUBLIC);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("publicAddresses")
	void allowsPublicAddressByDefault(InetAddress address) {
		assertThat(this.defaultGuard.isAllowed(address)).isTrue();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "http", "https", "HTTP", "Https" })
	void allowsHttpSchemes(String scheme) {
		assertThat(FetchGuard.isAllowedScheme(scheme)).isTrue();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "ftp", "file", "javascript", "data", "gopher", "mailto", "ws", "" })
	void rejectsOtherSchemes(String scheme) {
		assertThat(FetchGuard.isAllowedScheme(scheme)).isFalse();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(ints = { 80, 443, 8080, 8443, 1024, 65535 })
	void allowsHttpPorts(int port) {
		assertThat(FetchGuard.isAllowedPort(port)).isTrue();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(ints = { 0, 22, 25, 587, 6000, 6667, 10080, -1, 65536 })
	void rejectsBadPorts(int port) {
		assertThat(FetchGuard.isAllowedPort(port)).isFalse();
	}

	@Test
	void blockedDescriptionNamesHostAddressAndRange() {
		String description = FetchGuard.describeBlocked("metadata.internal", ipv4(169, 254, 169, 254));

		assertThat(description).isEqualTo("host metadata.internal has address 169.254.169.254 (link-local)");
	}

	private static InetAddress ipv4(int a, int b, int c, int d) {
		try {
			return InetAddress.getByAddress(new byte[] { (byte) a, (byte) b, (byte) c, (byte) d });
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	/** Builds an IPv6 address from 32 hex digits; the JDK returns IPv4-mapped ones as Inet4Address. */
	private static InetAddress ipv6(String hex) {
		try {
			return InetAddress.getByAddress(hexBytes(hex));
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	/** Builds an IPv4-mapped address that stays an Inet6Address. */
	private static InetAddress mappedIpv6(int a, int b, int c, int d) {
		byte[] bytes = new byte[16];
		bytes[10] = (byte) 0xff;
		bytes[11] = (byte) 0xff;
		bytes[12] = (byte) a;
		bytes[13] = (byte) b;
		bytes[14] = (byte) c;
		bytes[15] = (byte) d;
		try {
			return Inet6Address.getByAddress(null, bytes, -1);
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	private static byte[] hexBytes(String hex) {
		if (hex.length() != 32) {
			throw new IllegalArgumentException("Expected 32 hex digits, but got " + hex.length() + ": " + hex);
		}
		byte[] bytes = new byte[16];
		for (int i = 0; i < 16; i++) {
			bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
		}
		return bytes;
	}


	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			2130706433        | 127.0.0.1
			0x7f000001        | 127.0.0.1
			0X7F.0.0.1        | 127.0.0.1
			0177.0.0.1        | 127.0.0.1
			017700000001      | 127.0.0.1
			127.1             | 127.0.0.1
			127.0.1           | 127.0.0.1
			0xa9.0xfe.0xa9.0xfe | 169.254.169.254
			10.0x10.1         | 10.16.0.1
			0                 | 0.0.0.0
			4294967295        | 255.255.255.255
			""")
	void numericIpv4NotationsAreReadAsAddresses(String host, String address) throws UnknownHostException {
		assertThat(FetchGuard.numericIpv4(host)).isEqualTo(InetAddress.getByName(address));
	}

	@ParameterizedTest
	@ValueSource(strings = { "example.com", "4294967296", "256.0.0.1", "1.2.3.4.5", "08.0.0.1", "0x", "0xg1", "1..2",
			"", "127.0.0.1.", "-1", "0x100000000" })
	void otherHostsAreNotNumericIpv4(String host) {
		assertThat(FetchGuard.numericIpv4(host)).isNull();
	}

}
