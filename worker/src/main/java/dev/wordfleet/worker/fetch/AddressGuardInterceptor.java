package dev.wordfleet.worker.fetch;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Objects;

import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * A network interceptor that checks the remote address of the connected socket before each request is sent,
 * redirect hops and reused pooled connections included. It catches an address that reached the socket without
 * passing {@link GuardedDns}.
 */
final class AddressGuardInterceptor implements Interceptor {

	private final FetchGuard guard;

	AddressGuardInterceptor(FetchGuard guard) {
		this.guard = Objects.requireNonNull(guard, "guard is missing");
	}

	@Override
	public Response intercept(Chain chain) throws IOException {
		// Network interceptors always run on an open connection.
		InetAddress remote = Objects.requireNonNull(chain.connection(), "connection").socket().getInetAddress();
		if (!this.guard.isAllowed(remote)) {
			throw new BlockedAddressException(FetchGuard.describeBlocked(chain.request().url().host(), remote));
		}
		return chain.proceed(chain.request());
	}

}
