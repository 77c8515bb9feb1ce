package dev.wordfleet.standalone.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A role started on an HTTP port that another process uses exits with status 1 and a message that names the port
 * and the option that changes it, instead of Spring's outer exception alone.
 */
class RoleStartFailureTest {

	@TempDir
	Path home;

	@Test
	void busyPortNamesPortAndOption() throws IOException {
		InetAddress loopback = InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 });
		try (ServerSocket busy = new ServerSocket(0, 1, loopback)) {
			StringWriter err = new StringWriter();
			CommandLine commandLine = WordfleetCommand.newCommandLine(Map.of(), this.home);
			commandLine.setOut(new PrintWriter(new StringWriter(), true));
			commandLine.setErr(new PrintWriter(err, true));

			int status = commandLine.execute("worker", "--bootstrap-servers", "127.0.0.1:" + closedPort(loopback),
					"--server.port=" + busy.getLocalPort(), "--wordfleet.worker.warm-up=false",
					"--spring.kafka.admin.operation-timeout=1s", "--spring.kafka.admin.close-timeout=1s");

			assertThat(status).isEqualTo(1);
			assertThat(err.toString()).contains("port " + busy.getLocalPort() + " is already in use")
				.contains("--server.port=PORT");
		}
	}

	/** Returns a loopback port that nothing listens on. */
	private static int closedPort(InetAddress loopback) throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, loopback)) {
			return socket.getLocalPort();
		}
	}

}
