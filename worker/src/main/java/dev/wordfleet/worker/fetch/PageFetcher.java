package dev.wordfleet.worker.fetch;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.wordfleet.protocol.Durations;
import dev.wordfleet.protocol.FailureKind;
import okhttp3.Call;
import okhttp3.CompressionInterceptor;
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
import org.springframework.util.unit.DataSize;

/**
 * The HTTP client that the worker shares between all its fetches: one OkHttp client with one connection pool.
 *
 * <p>Each fetch runs on the calling thread with OkHttp's synchronous API, so the worker's own concurrency limit is
 * the only one: OkHttp's dispatcher limits only asynchronous calls, which this class never makes. Redirects are
 * followed here, hop by hop, so that each hop is checked by the {@link FetchGuard} and counted against
 * {@link FetchSettings#maxRedirects()}, and one deadline covers all hops and the body.
 *
 * <p>The guard is enforced in three places, so that no request is sent to a rejected address: IP-literal hosts,
 * IPv4 in any numeric notation included ({@code 127.1}, {@code 2130706433}, {@code 0x7f.0.0.1}), are checked before
 * connecting, resolved addresses are filtered by the client's {@link Dns}, and a network interceptor checks the
 * remote address of the connected socket before each request. No proxy is used.
 *
 * <p>Requests offer {@code Accept-Encoding: gzip, deflate}, and bodies in either coding are decoded while they are
 * read, so {@link FetchSettings#maxBodySize()} caps the decoded bytes and a compression bomb stops at the cap. A body
 * in any other coding fails the fetch instead of being returned undecoded. A body that ends before its
 * {@code Content-Length} or its last chunk fails the fetch with {@link FailureKind#CONNECTION}.
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

	/** Content codings that a body may have: none, or one that the compression interceptor decodes. */
	private static final Set<String> DECODED_ENCODINGS = Set.of("identity", "gzip", "deflate");

	/**
	 * Idle connections kept for reuse. OkHttp keeps 5 by default, so that a worker fetching from one host with more
	 * slots than that closed and opened connections all the time.
	 */
	private static final int MAX_IDLE_CONNECTIONS = 256;

	private static final Duration IDLE_CONNECTION_TTL = Duration.ofMinutes(1);

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

		// The call timeout bounds every read and write, so the per-operation timeouts are turned off. The compression
		// interceptor sets Accept-Encoding itself, which turns off OkHttp's own gzip decoding.
		this.client = new OkHttpClient.Builder()
				.dispatcher(dispatcher)
				.addInterceptor(new CompressionInterceptor(ContentDecoder.GZIP, ContentDecoder.DEFLATE))
				.connectionPool(new ConnectionPool(MAX_IDLE_CONNECTIONS, IDLE_CONNECTION_TTL.toMillis(),
						TimeUnit.MILLISECONDS))
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
		return prepare(url, RequestGate.OPEN, null);
	}

	/**
	 * Prepares a fetch whose requests pass a gate, and which revalidates a page fetched before.
	 * @param url absolute {@code http} or {@code https} URL with a host
	 * @param gate entered before the first request and before every redirect hop
	 * @param validators sent as {@code If-None-Match} and {@code If-Modified-Since}, or {@code null} for an
	 * unconditional request. With validators, a 304 response is handed to the body handler instead of failing.
	 * @return the fetch, to execute once and cancel from any thread
	 * @throws IllegalStateException if this fetcher is closed
	 */
	public PendingFetch prepare(String url, RequestGate gate, @Nullable Validators validators) {
		Objects.requireNonNull(url, "url is missing");
		Objects.requireNonNull(gate, "gate is missing");
		checkOpen(url);
		return new Fetch(url, this.settings.maxBodySize().toBytes(), false, gate, validators);
	}

	/**
	 * Prepares a fetch that keeps only the start of the body: a longer body is cut at {@code limit} bytes, and the
	 * returned page reports {@link FetchedPage#truncated()}, instead of failing with
	 * {@link FailureKind#TOO_LARGE}. Everything else behaves as in {@link #prepare(String)}.
	 * @param url absolute {@code http} or {@code https} URL with a host
	 * @param limit number of decoded body bytes to keep, from 1 byte to {@code Integer.MAX_VALUE - 8} bytes
	 * @return the fetch, to execute once and cancel from any thread
	 * @throws IllegalStateException if this fetcher is closed
	 */
	public PendingFetch preparePrefix(String url, DataSize limit) {
		Objects.requireNonNull(url, "url is missing");
		Objects.requireNonNull(limit, "limit is missing");
		if (limit.toBytes() <= 0 || limit.toBytes() > FetchSettings.MAX_ARRAY_SIZE) {
			throw new IllegalArgumentException(
					"limit must be between 1 and " + FetchSettings.MAX_ARRAY_SIZE + " bytes, but was " + limit);
		}
		checkOpen(url);
		return new Fetch(url, limit.toBytes(), true, RequestGate.OPEN, null);
	}

	private void checkOpen(String url) {
		if (this.closed) {
			throw new IllegalStateException("Cannot fetch " + url + " because the PageFetcher is closed");
		}
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

	/**
	 * Returns the address of an IP-literal host, IPv4 in any numeric notation included, or {@code null} for a host
	 * name. A host such as {@code 0x7f.0.0.1} is never looked up, so no resolver can read it as an address either.
	 */
	private static @Nullable InetAddress ipLiteral(String host) {
		if (!host.contains(":") && !IPV4_LITERAL.matcher(host).matches()) {
			return FetchGuard.numericIpv4(host);
		}
		try {
			// A literal is parsed without a lookup.
			return InetAddress.getByName(host);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	/** Returns the URL without its fragment, which is never sent and so cannot change a response. */
	private static HttpUrl withoutFragment(HttpUrl url) {
		return (url.fragment() == null) ? url : url.newBuilder().fragment(null).build();
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

	/** Reads the final response of a fetch, once redirects have been followed. */
	@FunctionalInterface
	private interface FinalResponseReader<T> {

		T read(Response response, HttpUrl target, long deadline) throws FetchException;

	}

	/** One fetch: the job URL and the OkHttp call of its current hop. */
	private final class Fetch implements PendingFetch {

		private final String url;

		/** Maximum number of decoded body bytes, from the settings or the prefix limit. */
		private final long bodyLimit;

		/** Whether a longer body is cut at {@link #bodyLimit} instead of failing the fetch. */
		private final boolean truncate;

		private final RequestGate gate;

		private final @Nullable Validators validators;

		private final AtomicBoolean executed = new AtomicBoolean();

		private final AtomicReference<@Nullable Call> currentCall = new AtomicReference<>();

		private volatile boolean cancelled;

		Fetch(String url, long bodyLimit, boolean truncate, RequestGate gate, @Nullable Validators validators) {
			this.url = url;
			this.bodyLimit = bodyLimit;
			this.truncate = truncate;
			this.gate = gate;
			this.validators = validators;
		}

		@Override
		public FetchedPage execute() throws FetchException {
			return execute(this::readPage);
		}

		@Override
		public <T> T execute(BodyHandler<T> handler) throws FetchException {
			Objects.requireNonNull(handler, "handler is missing");
			return execute((response, target, deadline) -> streamPage(response, target, deadline, handler));
		}

		private <T> T execute(FinalResponseReader<T> reader) throws FetchException {
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
				return fetch(reader);
			}
			catch (FetchException | RuntimeException ex) {
				throw ex;
			}
			catch (Exception ex) {
				// OkHttp and Okio are written in Kotlin, which does not declare checked exceptions: an interrupt can
				// reach here as a bare InterruptedException.
				if (ex instanceof InterruptedException) {
					Thread.currentThread().interrupt();
					throw new FetchCancelledException(this.url, ex);
				}
				throw new IllegalStateException("Fetch of " + this.url + " failed: " + ex, ex);
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

		private <T> T fetch(FinalResponseReader<T> reader) throws FetchException {
			long started = System.nanoTime();
			long deadline = started + PageFetcher.this.settings.totalTimeout().toNanos();
			HttpUrl target = parseUrl(this.url);
			Set<HttpUrl> visited = new HashSet<>();
			for (int redirects = 0;; redirects++) {
				checkTarget(target);
				visited.add(withoutFragment(target));
				long waitStarted = System.nanoTime();
				try (RequestGate.Permit permit = enter(target)) {
					// Time spent waiting at the gate is not fetching, so it moves the deadline.
					deadline += System.nanoTime() - waitStarted;
					try (Response response = send(target, deadline)) {
						if (!REDIRECT_STATUSES.contains(response.code())) {
							T result = reader.read(response, target, deadline);
							logger.debug("Fetched {} with status {} in {} ms after {} redirects", target,
									response.code(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
									redirects);
							return result;
						}
						target = redirectTarget(response, target, redirects, visited);
					}
				}
			}
		}

		private RequestGate.Permit enter(HttpUrl target) throws FetchException {
			try {
				return this.gate.enter(target);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new FetchCancelledException(target.toString(), ex);
			}
		}

		/** Rejects a blocked port or IP-literal host before anything is sent to it. */
		private void checkTarget(HttpUrl target) throws FetchException {
			if (!FetchGuard.isAllowedPort(target.port())) {
				throw new FetchException(FailureKind.BLOCKED, target.toString(), "Fetch of " + target
						+ " blocked: port " + target.port() + " is reserved for a protocol other than HTTP", null);
			}
			// The address comes first: for a loopback or private address, allowing private networks also allows
			// any port, so that advice fixes both.
			InetAddress literal = ipLiteral(target.host());
			if (literal != null) {
				checkLiteral(target, literal);
			}
			if (!PageFetcher.this.settings.allowsPort(target.port())) {
				throw new FetchException(FailureKind.BLOCKED, target.toString(), "Fetch of " + target
						+ " blocked: port " + target.port() + " is not one of the allowed ports "
						+ new TreeSet<>(PageFetcher.this.settings.allowedPorts()) + "; add it with --allowed-ports "
						+ "(property wordfleet.fetch.allowed-ports) if fetching from it is intended", null);
			}
		}

		/** Rejects an IP-literal host whose address is blocked or written in a notation that is not looked up. */
		private void checkLiteral(HttpUrl target, InetAddress literal) throws FetchException {
			String address = literal.getHostAddress();
			String written = address.equals(target.host()) ? address : target.host() + " (" + address + ")";
			if (!PageFetcher.this.guard.isAllowed(literal)) {
				String range = FetchGuard.classify(literal).description();
				throw new FetchException(FailureKind.BLOCKED, target.toString(), "Fetch of " + target
						+ " blocked: address " + written + " is in the " + range + " range; " + ALLOW_HINT, null);
			}
			if (!target.host().contains(":") && !IPV4_LITERAL.matcher(target.host()).matches()) {
				throw new FetchException(FailureKind.INVALID_URL, target.toString(), "Invalid URL '" + target
						+ "': host " + written + " is an IPv4 address in octal or hexadecimal notation, which is "
						+ "not looked up; write it as " + address, null);
			}
		}

		private Response send(HttpUrl target, long deadline) throws FetchException {
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0) {
				throw totalTimeout(target, null);
			}
			Request.Builder builder = new Request.Builder()
					.url(target)
					.header("User-Agent", PageFetcher.this.settings.userAgent())
					.header("Accept", ACCEPT);
			Validators conditions = this.validators;
			if (conditions != null && conditions.etag() != null) {
				builder.header("If-None-Match", conditions.etag());
			}
			if (conditions != null && conditions.lastModified() != null) {
				builder.header("If-Modified-Since", conditions.lastModified());
			}
			Call call = PageFetcher.this.client.newCall(builder.build());
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
			checkStatus(response, target);
			Buffer body = readBody(response.body(), target, deadline);
			boolean truncated = body.size() > this.bodyLimit;
			if (truncated) {
				Buffer prefix = new Buffer();
				body.copyTo(prefix, 0, this.bodyLimit);
				body = prefix;
			}
			byte[] bytes = body.readByteArray();
			return new FetchedPage(target.uri(), status, response.header("Content-Type"), bytes, truncated);
		}

		/** Fails the fetch on an error status or a body that cannot be decoded. */
		private void checkStatus(Response response, HttpUrl target) throws FetchException {
			int status = response.code();
			if (status >= 300 && !(status == FetchedResponse.NOT_MODIFIED && this.validators != null)) {
				String reason = response.message().isEmpty() ? "" : " (" + response.message() + ")";
				throw new FetchException(FailureKind.HTTP_STATUS, target.toString(),
						"Fetch of " + target + " failed: HTTP status " + status + reason, null, status,
						response.header("Retry-After"));
			}

			// The compression interceptor decodes gzip and deflate and then removes Content-Encoding, so any other
			// value left is a coding that it cannot decode.
			String encoding = response.header("Content-Encoding");
			if (encoding != null && !encoding.isBlank() && !DECODED_ENCODINGS.contains(encoding.trim().toLowerCase(
					Locale.ROOT))) {
				throw new FetchException(FailureKind.UNSUPPORTED_CONTENT_TYPE, target.toString(), "Fetch of " + target
						+ " failed: Content-Encoding '" + encoding + "' is not supported; only gzip and deflate are "
						+ "decoded", null, status, null);
			}
		}

		/**
		 * Hands the body to a handler as a stream that fails past the size limit, then reads what the handler left,
		 * so that a cut body or one above the limit fails the fetch even when the handler stopped early.
		 */
		private <T> T streamPage(Response response, HttpUrl target, long deadline, BodyHandler<T> handler)
				throws FetchException {
			checkStatus(response, target);
			FetchedResponse head = new FetchedResponse(target.uri(), response.code(), response.header("Content-Type"),
					Validators.of(response.header("ETag"), response.header("Last-Modified")));
			ResponseBody body = response.body();
			long declared = body.contentLength();
			if (declared > this.bodyLimit) {
				throw tooLarge(target, "declares Content-Length " + declared + " bytes, above", this.bodyLimit);
			}
			BodyStream stream = new BodyStream(body.byteStream(), this.bodyLimit);
			try {
				T result = handler.handle(head, head.notModified() ? BodyStream.empty() : stream);
				stream.skipRest();
				return result;
			}
			catch (BodyStream.TooLargeException ex) {
				throw tooLarge(target, "is larger than", this.bodyLimit);
			}
			catch (IOException ex) {
				throw bodyFailure(ex, target, deadline, stream.bytesRead());
			}
		}

		/**
		 * Reads a decoded body into a buffer until its end or until it passes the limit by one byte (plus at most
		 * Okio's 8 KiB read segment), so that a body is never buffered whole before its size is checked. Past the
		 * limit it fails with {@link FailureKind#TOO_LARGE}, unless this fetch truncates.
		 */
		private Buffer readBody(ResponseBody body, HttpUrl target, long deadline) throws FetchException {
			long limit = this.bodyLimit;

			// OkHttp reports -1 when the length is unknown, and also for a body that was decoded from gzip or
			// deflate.
			long declared = body.contentLength();
			if (declared > limit && !this.truncate) {
				throw tooLarge(target, "declares Content-Length " + declared + " bytes, above", limit);
			}
			Buffer buffer = new Buffer();
			try {
				BufferedSource source = body.source();
				while (buffer.size() <= limit) {
					if (source.read(buffer, limit + 1 - buffer.size()) == -1) {
						return buffer;
					}
				}
			}
			catch (IOException ex) {
				throw bodyFailure(ex, target, deadline, buffer.size());
			}
			if (this.truncate) {
				return buffer;
			}
			throw tooLarge(target, "is larger than", limit);
		}

		private HttpUrl redirectTarget(Response response, HttpUrl from, int redirectsSoFar, Set<HttpUrl> visited)
				throws FetchException {
			int status = response.code();
			String location = response.header("Location");
			if (location == null || location.isBlank()) {
				throw redirectFailure(from, status, "Fetch of " + from + " failed: HTTP status " + status
						+ " without a Location header");
			}
			int maxRedirects = PageFetcher.this.settings.maxRedirects();
			if (redirectsSoFar >= maxRedirects) {
				throw redirectFailure(from, status, "Fetch of " + this.url + " failed: too many redirects, the limit is "
						+ maxRedirects + "; " + from + " redirects again to " + location);
			}
			Matcher scheme = URL_SCHEME.matcher(location);
			if (scheme.find() && !FetchGuard.isAllowedScheme(scheme.group(1))) {
				throw new FetchException(FailureKind.BLOCKED, location, "Fetch of " + from
						+ " blocked: it redirects to " + location + ", but only http and https URLs are fetched", null);
			}

			// HttpUrl.resolve percent-encodes what a URL may not contain raw, such as spaces and non-ASCII text.
			HttpUrl next = from.resolve(location);
			if (next == null) {
				throw redirectFailure(from, status, "Fetch of " + from + " failed: HTTP status " + status
						+ " redirects to invalid Location '" + location + "'");
			}

			// Without cookies a revisited URL redirects the same way again, so a cycle fails at once.
			if (visited.contains(withoutFragment(next))) {
				throw redirectFailure(from, status, "Fetch of " + this.url + " failed: redirect loop; " + from
						+ " redirects to " + next + ", which this fetch already requested");
			}
			return next;
		}

		private FetchException redirectFailure(HttpUrl from, int status, String message) {
			return new FetchException(FailureKind.HTTP_STATUS, from.toString(), message, null, status, null);
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
						+ " timed out after " + Durations.format(PageFetcher.this.settings.connectTimeout()), ex);
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

		/**
		 * Maps a failure while reading the body. A connection error there means that the body ended before its
		 * declared length or its last chunk, or that the connection broke midway.
		 */
		private FetchException bodyFailure(IOException ex, HttpUrl target, long deadline, long bytesRead) {
			FetchException mapped = failure(ex, target, deadline);
			if (mapped.kind() != FailureKind.CONNECTION || mapped.isCancelled()) {
				return mapped;
			}
			return new FetchException(FailureKind.CONNECTION, target.toString(), "Fetch of " + target
					+ " failed: the body ended early or the connection broke after " + bytesRead + " decoded bytes ("
					+ ex.getClass().getSimpleName() + ": " + ex.getMessage() + ")", ex);
		}

		private FetchException totalTimeout(HttpUrl target, @Nullable Throwable cause) {
			return new FetchException(FailureKind.TIMEOUT, target.toString(), "Fetch of " + target + " timed out: the "
					+ "whole fetch, redirects and body included, took more than the total timeout of "
					+ Durations.format(PageFetcher.this.settings.totalTimeout()), cause);
		}

		private FetchException tooLarge(HttpUrl target, String comparison, long cap) {
			return new FetchException(FailureKind.TOO_LARGE, target.toString(), "Fetch of " + target + " failed: body "
					+ comparison + " the limit of " + cap + " bytes (maxBodySize)", null);
		}

	}

}
