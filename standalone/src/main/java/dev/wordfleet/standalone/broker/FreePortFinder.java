package dev.wordfleet.standalone.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Source of ports for listeners configured with port 0. Kafka needs the controller port before it starts, because
 * the voter set names it, so ports are chosen up front instead of letting the listeners bind to port 0.
 */
@FunctionalInterface
interface FreePortFinder {

	/**
	 * Finds ports by binding server sockets to port 0 and closing them again. Another process can take a port
	 * between that close and the broker's bind, so a caller must expect a bind failure and retry with new ports.
	 */
	FreePortFinder SYSTEM = (address, count) -> {
		List<ServerSocket> sockets = new ArrayList<>(count);
		try {
			// All sockets stay open until every port is known, so the ports are distinct.
			for (int i = 0; i < count; i++) {
				sockets.add(new ServerSocket(0, 1, address));
			}
			return sockets.stream().map(ServerSocket::getLocalPort).toList();
		}
		finally {
			for (ServerSocket socket : sockets) {
				socket.close();
			}
		}
	};

	/**
	 * Returns {@code count} distinct ports that were free on {@code address} when this method ran.
	 * @throws IOException if no socket could be bound to {@code address}
	 */
	List<Integer> find(InetAddress address, int count) throws IOException;

	/** Returns whether a server socket can bind {@code port} on {@code address} at this moment. */
	static boolean canBind(InetAddress address, int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, address)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
