package dev.credbroker.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Finds free loopback ports and checks whether something listens on one. */
public final class FreePorts {

	private FreePorts() {
	}

	/**
	 * A port on 127.0.0.1 that was free a moment ago (bind to port 0, read it, release
	 * it).
	 */
	public static int pick() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException e) {
			throw new UncheckedIOException("no free loopback port", e);
		}
	}

	/** True when a TCP connection to 127.0.0.1:port is accepted. */
	public static boolean isListening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
			return true;
		}
		catch (IOException e) {
			return false;
		}
	}

}
