package dev.wordfleet.standalone.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BrokerCheckTest {

	@Test
	void closedPortFailsWithNextStep() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		String servers = "127.0.0.1:" + port;

		assertThatExceptionOfType(BrokerCheck.BrokerUnreachableException.class)
			.isThrownBy(() -> BrokerCheck.requireReachable(servers, "start one", Duration.ofSeconds(1)))
			.withMessage("no Kafka broker responded at " + servers + " within 1 s; start one");
	}

}
