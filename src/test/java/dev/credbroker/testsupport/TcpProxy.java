package dev.credbroker.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a loopback port in front of one upstream (a PostgreSQL), for outage
 * drills: {@link #cut()} closes every connection through it and refuses new ones (each is
 * reset as soon as it is accepted, as a dead network path or a stopped database does),
 * {@link #restore()} lets new connections through again. The port never changes.
 */
public final class TcpProxy implements AutoCloseable {

	private final InetSocketAddress upstream;

	private final ServerSocket server;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private volatile boolean cut;

	private volatile boolean closed;

	private TcpProxy(InetSocketAddress upstream) throws IOException {
		this.upstream = upstream;
		this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "tcp-proxy-" + this.server.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	public static TcpProxy to(String host, int port) {
		try {
			return new TcpProxy(new InetSocketAddress(host, port));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not open a proxy port", ex);
		}
	}

	public int port() {
		return this.server.getLocalPort();
	}

	/** Closes every connection through the proxy and refuses new ones until restored. */
	public void cut() {
		this.cut = true;
		closeAll();
	}

	/** New connections reach the upstream again. */
	public void restore() {
		this.cut = false;
	}

	public boolean isCut() {
		return this.cut;
	}

	@Override
	public void close() {
		this.closed = true;
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
		closeAll();
	}

	private void accept() {
		while (!this.closed) {
			Socket client;
			try {
				client = this.server.accept();
			}
			catch (IOException ex) {
				return;
			}
			if (this.cut) {
				reset(client);
				continue;
			}
			try {
				Socket server = new Socket();
				server.connect(this.upstream, 2000);
				this.open.add(client);
				this.open.add(server);
				pump(client, server);
				pump(server, client);
			}
			catch (IOException ex) {
				reset(client);
			}
		}
	}

	private void pump(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// one side closed: close both below
			}
			finally {
				reset(from);
				reset(to);
			}
		}, "tcp-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	private void closeAll() {
		for (Socket socket : Set.copyOf(this.open)) {
			reset(socket);
		}
	}

	/** Closes with a reset, so the peer sees the connection fail at once. */
	private void reset(Socket socket) {
		this.open.remove(socket);
		try {
			socket.setSoLinger(true, 0);
		}
		catch (IOException ex) {
			// already closed
		}
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

}
