package dev.wordfleet.worker.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import okhttp3.Dns;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Filtering of resolved addresses by {@link GuardedDns}. The resolver is a stub that returns fixed addresses.
 */
class GuardedDnsTest {

	private static final InetAddress LOOPBACK = address(127, 0, 0, 1);

	private static final InetAddress METADATA = address(169, 254, 169, 254);

	private static final InetAddress PUBLIC = address(93, 184, 216, 34);

	@Test
	void rejectsHostWithOnlyInternalAddresses() {
		GuardedDns dns = new GuardedDns(stub(LOOPBACK, METADATA), new FetchGuard(false));

		assertThatExceptionOfType(BlockedAddressException.class).isThrownBy(() -> dns.lookup("internal.test"))
				.withMessage("host internal.test has address 127.0.0.1 (loopback)");
	}

	@Test
	void dropsInternalAddressesFromMixedAnswer() throws UnknownHostException {
		GuardedDns dns = new GuardedDns(stub(LOOPBACK, PUBLIC, METADATA), new FetchGuard(false));

		assertThat(dns.lookup("mixed.test")).containsExactly(PUBLIC);
	}

	@Test
	void keepsInternalAddressesWhenPrivateAllowed() throws UnknownHostException {
		GuardedDns dns = new GuardedDns(stub(LOOPBACK, METADATA), new FetchGuard(true));

		assertThat(dns.lookup("internal.test")).containsExactly(LOOPBACK, METADATA);
	}

	@Test
	void passesResolverFailureThrough() {
		Dns failing = hostname -> {
			throw new UnknownHostException("no such host: " + hostname);
		};
		GuardedDns dns = new GuardedDns(failing, new FetchGuard(false));

		assertThatExceptionOfType(UnknownHostException.class).isThrownBy(() -> dns.lookup("missing.test"))
				.isNotInstanceOf(BlockedAddressException.class)
				.withMessage("no such host: missing.test");
	}

	private static Dns stub(InetAddress... addresses) {
		return hostname -> List.of(addresses);
	}

	private static InetAddress address(int a, int b, int c, int d) {
		try {
			return InetAddress.getByAddress(new byte[] { (byte) a, (byte) b, (byte) c, (byte) d });
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

}
