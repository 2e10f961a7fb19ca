package io.tributary.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Finds loopback ports that are free right now, so parallel builds on one machine do not
 * collide.
 */
public final class FreePorts {

	private FreePorts() {
	}

	public static int find() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free loopback port", ex);
		}
	}

	/**
	 * A free port whose successor is free too, for a broker and its controller (a random
	 * free port's neighbour is often a client's ephemeral port).
	 */
	public static int findPair() {
		for (int attempt = 0; attempt < 100; attempt++) {
			int port = find();
			if (port < 65535 && isFree(port + 1)) {
				return port;
			}
		}
		throw new IllegalStateException("No two adjacent free loopback ports");
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
