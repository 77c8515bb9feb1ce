package dev.wordfleet.worker.fetch;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.wordfleet.protocol.FailureKind;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP client that the worker shares between all its fetches: one OkHttp client with one connection pool.
 *
 * <p>Each fetch runs on the calling thread with OkHttp's synchronous API, so the worker's own concurrency limit is
 * the only one: OkHttp's dispatcher limits only asynchronous calls, which this class never makes. Redirects are
 * followed here, hop by hop, so that each hop is checked by the {@link FetchGuard} and counted against
 * {@link FetchSettings#maxRedirects()}, and one deadline covers all hops and the body.
 *
 * <p>The guard is enforced in three places, so that no request is sent to a rejected address: IP-literal hosts are
 * checked before connecting, resolved addresses are filtered by the client's {@link Dns}, and a network interceptor
 * checks the remote address of the connected socket before each request. The interceptor is the only check for
 * shortened IPv4 forms such as {@code 127.1}, which OkHttp 5.5.1 connects to without asking the {@link Dns}. For
 * those a TCP connection is opened, but no request is sent. No proxy is used.
 *
 * <p>OkHttp starts daemon threads of its own: "Okio Watchdog" enforces the total timeout, and "OkHttp TaskRunner"
 * threads clean the connection pool. Both stop by themselves after about a minute without work.
 */
public final class PageFetcher implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(PageFetcher.class);

	/** Statuses that OkHttp would follow as redirects. */
	private static final Set<Integer> REDIRECT_STATUSES = Set.of(300, 301, 302, 303, 307, 308);

	private static final Pattern URL_SCHEME = Pattern.compile("^\\s*([a-zA-Z][a-zA-Z0-9+.-]*):");

	private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	private static final String ACCEPT = "text/html, text/plain;q=0.9, */*;q=0.1";

	private static final String ALLOW_HINT = "set --allow-private-networks (property "
			+ "wordfleet.fetch.allow-private-networks) if fetching from private networks is intended";

	private final FetchSettings settings;

	private final FetchGuard guard;

	private final ExecutorService dispatcherExecutor;

	private final OkHttpClient client;

	private final Set<Fetch> activeFetches = ConcurrentHashMap.newKeySet();

	private volatile boolean closed;

	/**
	 * Creates a fetcher that resolves names with the system resolver.
	 * @param settings limits and policy for every fetch
	 */
	public PageFetcher(FetchSettings settings) {
		this(settings, guardedSystemDns(settings));
	}

	/**
	 * Creates a fetcher that resolves names with the given {@link Dns}, used as it is: the caller decides whether
	 * it filters addresses through the guard. The network interceptor checks connected addresses either way.
	 */
	PageFetcher(FetchSettings settings, Dns dns) {
		this.settings = Objects.requireNonNull(settings, "settings is missing");
		this.guard = new FetchGuard(settings.allowPrivateNetworks());

		// Only asynchronous calls use the dispatcher's executor and limits. The limits are lifted anyway, so that an
		// asynchronous use would not be capped below the worker's own concurrency.
		this.dispatcherExecutor = Executors.newVirtualThreadPerTaskExecutor();
		Dispatcher dispatcher = new Dispatcher(this.dispatcherExecutor);
		dispatcher.setMaxRequests(Integer.MAX_VALUE);
		dispatcher.setMaxRequestsPerHost(Integer.MAX_VALUE);

		// The call timeout bounds every read and write, so the per-operation timeouts are turned off.
		this.client = new OkHttpClient.Builder()
				.dispatcher(dispatcher)
				.connectionPool(new ConnectionPool())
				.dns(Objects.requireNonNull(dns, "dns is missing"))
				.proxy(Proxy.NO_PROXY)
				.addNetworkInterceptor(new AddressGuardInterceptor(this.guard))
				.followRedirects(false)
				.followSslRedirects(false)
				.connectTimeout(settings.connectTimeout())
				.callTimeout(settings.totalTimeout())
				.readTimeout(Duration.ZERO)
				.writeTimeout(Duration.ZERO)
				.build();
	}

	private static Dns guardedSystemDns(FetchSettings settings) {
		Objects.requireNonNull(settings, "settings is missing");
		return new GuardedDns(Dns.SYSTEM, new FetchGuard(settings.allowPrivateNetworks()));
	}

	/**
	 * Returns the settings that this fetcher applies.
	 * @return the settings
	 */
	public FetchSettings settings() {
		return this.settings;
	}

	/**
	 * Prepares a fetch. Nothing is resolved or sent until {@link PendingFetch#execute()}, and an invalid URL fails
	 * there with {@link FailureKind#INVALID_URL}.
	 * @param url absolute {@code http} or {@code https} URL with a host
	 * @return the fetch, to execute once and cancel from any thread
	 * @throws IllegalStateException if this fetcher is closed
	 */
	public PendingFetch prepare(String url) {
		Objects.requireNonNull(url, "url is missing");
		if (this.closed) {
			throw new IllegalStateException("Cannot fetch " + url + " because the PageFetcher is closed");
		}
		return new Fetch(url);
	}

	/**
	 * Cancels the fetches in flight, evicts the pooled connections and shuts down the dispatcher's executor.
	 * Calling it again does nothing.
	 */
	@Override
	public void close() {
		this.closed = true;
		this.activeFetches.forEach(Fetch::cancel);
		this.dispatcherExecutor.shutdown();
		this.client.connectionPool().evictAll();
	}

	/** Parses a job URL with OkHttp's parser, which accepts only absolute http and https URLs with a host. */
	private static HttpUrl parseUrl(String url) throws FetchException {
		try {
			return HttpUrl.get(url);
		}
		catch (IllegalArgumentException ex) {
			throw new FetchException(FailureKind.INVALID_URL, url, "Invalid URL '" + url
					+ "': expected an absolute http or https URL with a host (" + ex.getMessage() + ")", ex);
		}
	}

	/** Returns the address of an IP-literal host, or {@code null} for a host name. */
	private static @Nullable InetAddress ipLiteral(String host) {
		if (!host.contains(":") && !IPV4_LITERAL.matcher(host).matches()) {
			return null;
		}
		try {
			// A literal is parsed without a lookup.
			return InetAddress.getByName(host);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	private static String format(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + " s" : millis + " ms";
	}

	private static @Nullable BlockedAddressException findBlocked(Throwable failure) {
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (current instanceof BlockedAddressException blocked) {
				return blocked;
			}
			for (Throwable suppressed : current.getSuppressed()) {
				if (suppressed instanceof BlockedAddressException blocked) {
					return blocked;
				}
			}
		}
		return null;
	}

	/** One fetch: the job URL and the OkHttp call of its current hop. */
	private final class Fetch implements PendingFetch {

		private final String url;

		private final AtomicBoolean executed = new AtomicBoolean();

		private final AtomicReference<@Nullable Call> currentCall = new AtomicReference<>();

		private volatile boolean cancelled;

		Fetch(String url) {
			this.url = url;
		}

		@Override
		public FetchedPage execute() throws FetchException {
			if (!this.executed.compareAndSet(false, true)) {
				throw new IllegalStateException("Fetch of " + this.url + " was already executed");
			}

			// Registering before reading "closed" pairs with close(), which sets "closed" before cancelling the
			// registered fetches. So a fetch that starts during close() either reads the flag as set or is cancelled.
			PageFetcher.this.activeFetches.add(this);
			try {
				if (this.cancelled || PageFetcher.this.closed) {
					throw new FetchCancelledException(this.url);
				}
				return fetch();
			}
			finally {
				PageFetcher.this.activeFetches.remove(this);
			}
		}

		@Override
		public void cancel() {
			this.cancelled = true;
			Call call = this.currentCall.get();
			if (call != null) {
				call.cancel();
			}
		}

		@Override
		public boolean isCancelled() {
			return this.cancelled;
		}

		private FetchedPage fetch() throws FetchException {
			long started = System.nanoTime();
			long deadline = started + PageFetcher.this.settings.totalTimeout().toNanos();
			HttpUrl target = parseUrl(this.url);
			for (int redirects = 0;; redirects++) {
				checkTarget(target);
				try (Response response = send(target, deadline)) {
					if (!REDIRECT_STATUSES.contains(response.code())) {
						FetchedPage page = readPage(response, target, deadline);
						logger.debug("Fetched {} with status {}: {} bytes in {} ms after {} redirects", target,
								page.status(), page.body().length,
								TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), redirects);
						return page;
					}
					target = redirectTarget(response, target, redirects);
				}
			}
		}

		/** Rejects a blocked port or IP-literal host before anything is sent to it. */
		private void checkTarget(HttpUrl target) throws FetchException {
			if (!FetchGuard.isAllowedPort(target.port())) {
				throw new FetchException(FailureKind.BLOCKED, target.toString(), "Fetch of " + target
						+ " blocked: port " + target.port() + " is reserved for a protocol other than HTTP", null);
			}
			InetAddress literal = ipLiteral(target.host());
			if (literal != null && !PageFetcher.this.guard.isAllowed(literal)) {
				String range = FetchGuard.classify(literal).description();
				throw new FetchException(FailureKind.BLOCKED, target.toString(), "Fetch of " + target
						+ " blocked: address " + target.host() + " is in the " + range + " range; " + ALLOW_HINT, null);
			}
		}

		private Response send(HttpUrl target, long deadline) throws FetchException {
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0) {
				throw totalTimeout(target, null);
			}
			Request request = new Request.Builder()
					.url(target)
					.header("User-Agent", PageFetcher.this.settings.userAgent())
					.header("Accept", ACCEPT)
					.build();
			Call call = PageFetcher.this.client.newCall(request);
			call.timeout().timeout(remaining, TimeUnit.NANOSECONDS);

			// Publishing the call before reading the flag pairs with cancel(), which sets the flag before reading
			// the call, so a concurrent cancel() is never lost.
			this.currentCall.set(call);
			if (this.cancelled) {
				call.cancel();
				throw new FetchCancelledException(target.toString());
			}
			try {
				return call.execute();
			}
			catch (IOException ex) {
				throw failure(ex, target, deadline);
			}
		}

		private FetchedPage readPage(Response response, HttpUrl target, long deadline) throws FetchException {
			int status = response.code();
			if (status >= 300) {
				String reason = response.message().isEmpty() ? "" : " (" + response.message() + ")";
				throw new FetchException(FailureKind.HTTP_STATUS, target.toString(),
						"Fetch of " + target + " failed: HTTP status " + status + reason, null);
			}
			byte[] body = readBody(response.body(), target, deadline);
			return new FetchedPage(target.uri(), status, response.header("Content-Type"), body);
		}

		/**
		 * Reads a decoded body, buffering at most one byte more than the cap (plus Okio's 8 KiB read segment), and
		 * fails as soon as the cap is passed.
		 */
		private byte[] readBody(ResponseBody body, HttpUrl target, long deadline) throws FetchException {
			long cap = PageFetcher.this.settings.maxBodySize().toBytes();

			// OkHttp reports -1 when the length is unknown, and also for a body that it decodes from gzip.
			long declared = body.contentLength();
			if (declared > cap) {
				throw tooLarge(target, "declares Content-Length " + declared + " bytes, above", cap);
			}
			try {
				BufferedSource source = body.source();
				Buffer buffer = new Buffer();
				while (buffer.size() <= cap) {
					if (source.read(buffer, cap + 1 - buffer.size()) == -1) {
						return buffer.readByteArray();
					}
				}
			}
			catch (IOException ex) {
				throw failure(ex, target, deadline);
			}
			throw tooLarge(target, "is larger than", cap);
		}

		private HttpUrl redirectTarget(Response response, HttpUrl from, int redirectsSoFar) throws FetchException {
			int status = response.code();
			String location = response.header("Location");
			if (location == null || location.isBlank()) {
				throw new FetchException(FailureKind.HTTP_STATUS, from.toString(),
						"Fetch of " + from + " failed: HTTP status " + status + " without a Location header", null);
			}
			int maxRedirects = PageFetcher.this.settings.maxRedirects();
			if (redirectsSoFar >= maxRedirects) {
				throw new FetchException(FailureKind.HTTP_STATUS, from.toString(), "Fetch of " + this.url
						+ " failed: too many redirects, the limit is " + maxRedirects + "; " + from
						+ " redirects again to " + location, null);
			}
			Matcher scheme = URL_SCHEME.matcher(location);
			if (scheme.find() && !FetchGuard.isAllowedScheme(scheme.group(1))) {
				throw new FetchException(FailureKind.BLOCKED, location, "Fetch of " + from
						+ " blocked: it redirects to " + location + ", but only http and https URLs are fetched", null);
			}
			HttpUrl next = from.resolve(location);
			if (next == null) {
				throw new FetchException(FailureKind.HTTP_STATUS, from.toString(), "Fetch of " + from
						+ " failed: HTTP status " + status + " redirects to invalid Location '" + location + "'", null);
			}
			return next;
		}

		/** Maps an OkHttp failure to a fetch failure, looking first for the reasons that OkHttp cannot know. */
		private FetchException failure(IOException ex, HttpUrl target, long deadline) {
			if (this.cancelled || Thread.currentThread().isInterrupted()) {
				return new FetchCancelledException(target.toString(), ex);
			}
			BlockedAddressException blocked = findBlocked(ex);
			if (blocked != null) {
				return new FetchException(FailureKind.BLOCKED, target.toString(),
						"Fetch of " + target + " blocked: " + blocked.getMessage() + "; " + ALLOW_HINT, ex);
			}
			if (ex instanceof SocketTimeoutException && deadline - System.nanoTime() > 0) {
				return new FetchException(FailureKind.TIMEOUT, target.toString(), "Connecting to " + target
						+ " timed out after " + format(PageFetcher.this.settings.connectTimeout()), ex);
			}
			if (ex instanceof InterruptedIOException || deadline - System.nanoTime() <= 0) {
				return totalTimeout(target, ex);
			}
			if (ex instanceof UnknownHostException) {
				return new FetchException(FailureKind.CONNECTION, target.toString(),
						"Fetch of " + target + " failed: unknown host " + target.host(), ex);
			}
			return new FetchException(FailureKind.CONNECTION, target.toString(), "Fetch of " + target
					+ " failed: connection error (" + ex.getClass().getSimpleName() + ": " + ex.getMessage() + ")", ex);
		}

		private FetchException totalTimeout(HttpUrl target, @Nullable Throwable cause) {
			return new FetchException(FailureKind.TIMEOUT, target.toString(), "Fetch of " + target + " timed out: the "
					+ "whole fetch, redirects and body included, took more than the total timeout of "
					+ format(PageFetcher.this.settings.totalTimeout()), cause);
		}

		private FetchException tooLarge(HttpUrl target, String comparison, long cap) {
			return new FetchException(FailureKind.TOO_LARGE, target.toString(), "Fetch of " + target + " failed: body "
					+ comparison + " the limit of " + cap + " bytes (maxBodySize)", null);
		}

	}

}
