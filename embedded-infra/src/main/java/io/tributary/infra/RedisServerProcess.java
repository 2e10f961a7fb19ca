package io.tributary.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * A real {@code redis-server} process on loopback. The binary comes from the
 * {@code com.github.codemonstur:embedded-redis} artifact on Maven Central, which ships it
 * for Linux, macOS and Windows, so no machine needs Redis installed. Data is persisted
 * with the append-only file in the given directory, so a stop and start keeps every key,
 * as a production Redis with AOF would.
 */
public final class RedisServerProcess implements AutoCloseable {

	private static final Logger LOG = LoggerFactory.getLogger(RedisServerProcess.class);

	private final RedisServer server;

	private final int port;

	private RedisServerProcess(RedisServer server, int port) {
		this.server = server;
		this.port = port;
	}

	/**
	 * Starts a redis-server on {@code port} keeping its append-only file in
	 * {@code dataDirectory}.
	 * @param dataDirectory where the AOF lives
	 * @param port the loopback port
	 * @return the running server
	 */
	public static RedisServerProcess start(Path dataDirectory, int port) {
		try {
			Files.createDirectories(dataDirectory);
			RedisServer server = RedisServer.newRedisServer()
				.bind("127.0.0.1")
				.port(port)
				.setting("dir " + dataDirectory.toAbsolutePath())
				.setting("appendonly yes")
				.setting("appendfsync everysec")
				.setting("save \"\"")
				.setting("protected-mode no")
				.onShutdownForceStop(true)
				.build();
			RedisServerProcess process = new RedisServerProcess(server, port);
			process.start();
			return process;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start redis-server on port " + port, ex);
		}
	}

	public int port() {
		return this.port;
	}

	public String host() {
		return "127.0.0.1";
	}

	public boolean isRunning() {
		return this.server.isActive();
	}

	/** Starts the server (again) on the same port and data directory. */
	public void start() {
		try {
			this.server.start();
			LOG.info("redis-server ready on {}:{}", host(), this.port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start redis-server on port " + this.port, ex);
		}
	}

	/** Stops the server; the append-only file stays for the next {@link #start()}. */
	public void stop() {
		try {
			this.server.stop();
			LOG.info("redis-server on port {} stopped", this.port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot stop redis-server on port " + this.port, ex);
		}
	}

	@Override
	public void close() {
		if (isRunning()) {
			stop();
		}
	}

}
