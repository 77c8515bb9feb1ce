package dev.wordfleet.worker.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;

import okhttp3.Dns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Dns} that drops the resolved addresses that the fetch guard rejects, so that OkHttp never connects to
 * them.
 */
final class GuardedDns implements Dns {

	private static final Logger logger = LoggerFactory.getLogger(GuardedDns.class);

	private final Dns resolver;

	private final FetchGuard guard;

	GuardedDns(Dns resolver, FetchGuard guard) {
		this.resolver = Objects.requireNonNull(resolver, "resolver is missing");
		this.guard = Objects.requireNonNull(guard, "guard is missing");
	}

	/**
	 * Resolves a host and keeps the allowed addresses.
	 * @throws BlockedAddressException if the host resolves only to rejected addresses
	 * @throws UnknownHostException if the host cannot be resolved
	 */
	@Override
	public List<InetAddress> lookup(String hostname) throws UnknownHostException {
		List<InetAddress> resolved = this.resolver.lookup(hostname);
		List<InetAddress> allowed = resolved.stream().filter(this.guard::isAllowed).toList();
		if (allowed.isEmpty() && !resolved.isEmpty()) {
			throw new BlockedAddressException(FetchGuard.describeBlocked(hostname, resolved.getFirst()));
		}
		if (allowed.size() < resolved.size() && logger.isDebugEnabled()) {
			logger.debug("Host {} resolves to {}, so the addresses rejected by the fetch guard were dropped", hostname,
					resolved);
		}
		return allowed;
	}

}
