package dev.wordfleet.worker.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A server on 127.0.0.1 and an ephemeral port that writes whatever bytes its handler chooses, for responses that a
 * real HTTP server would refuse to send: bodies shorter than their {@code Content-Length}, unfinished chunked
 * bodies, raw UTF-8 in a header. Each connection serves one request and is then closed.
 */
final class RawHttpServer implements AutoCloseable {

	/** Writes the raw response to a request target such as {@code /page?q=1}. */
	@FunctionalInterface
	interface Handler {

		void respond(String target, OutputStream out) throws IOException, InterruptedException;

	}

	private static final int MAX_HEAD_BYTES = 16 * 1024;

	private final ServerSocket socket;

	private final Handler handler;

	private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

	private final List<String> targets = new CopyOnWriteArrayList<>();

	private RawHttpServer(ServerSocket socket, Handler handler) {
		this.socket = socket;
		this.handler = handler;
		this.executor.execute(this::accept);
	}

	static RawHttpServer start(Handler handler) throws IOException {
		InetAddress loopback = InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 });
		return new RawHttpServer(new ServerSocket(0, 50, loopback), handler);
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.socket.getLocalPort() + path;
	}

	/** Returns the request targets received, in order. */
	List<String> targets() {
		return this.targets;
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
		this.executor.shutdownNow();
	}

	/** Returns a handler that sends the same bytes to every request. */
	static Handler always(String response) {
		return always(response.getBytes(StandardCharsets.UTF_8));
	}

	static Handler always(byte[] response) {
		return (target, out) -> out.write(response);
	}

	/** Returns a handler that sends the head, then one byte of the body per interval for at most the duration. */
	static Handler trickle(String head, Duration interval, Duration duration) {
		return (target, out) -> {
			long end = System.nanoTime() + duration.toNanos();
			out.write(head.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			while (System.nanoTime() < end) {
				out.write('x');
				out.flush();
				Thread.sleep(interval);
			}
		};
	}

	private void accept() {
		while (!this.socket.isClosed()) {
			try {
				Socket connection = this.socket.accept();
				this.executor.execute(() -> serve(connection));
			}
			catch (IOException ex) {
				// The server socket was closed.
				return;
			}
		}
	}

	private void serve(Socket connection) {
		try (connection) {
			String target = readRequestTarget(connection.getInputStream());
			this.targets.add(target);
			OutputStream out = connection.getOutputStream();
			this.handler.respond(target, out);
			out.flush();
		}
		catch (SocketException ex) {
			// The client closed the connection first, as it does on a timeout or a body above its limit.
		}
		catch (IOException ex) {
			throw new IllegalStateException("Serving a raw response failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Reads the request head up to its blank line and returns the target of its request line. */
	private static String readRequestTarget(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		while (matched < end.length && head.size() < MAX_HEAD_BYTES) {
			int next = in.read();
			if (next == -1) {
				break;
			}
			head.write(next);
			matched = (next == end[matched]) ? matched + 1 : ((next == '\r') ? 1 : 0);
		}
		String requestLine = head.toString(StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
		String[] parts = requestLine.split(" ");
		return (parts.length >= 2) ? parts[1] : "";
	}

}
